import { UpstreamError } from '../common/errors.js';
import type { JolokiaClient } from './jolokia.client.js';
import { endpointHost, MBeans } from './mbeans.js';

/** Facade of `org.apache.cassandra.db:type=StorageProxy`: cluster-wide views the coordinator has. */
export class StorageProxy {
  constructor(private readonly jolokia: JolokiaClient) {}

  /**
   * Schema version → IPs of the nodes on it. More than one key means the schema is not in
   * agreement (a table just created may be unknown elsewhere); `UNREACHABLE` lists nodes not answering.
   */
  async schemaVersions(): Promise<Record<string, string[]>> {
    const value = await this.jolokia.read(MBeans.storageProxy, 'SchemaVersionsWithPort');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UpstreamError(`unexpected value from Jolokia for SchemaVersionsWithPort: ${JSON.stringify(value)}`);
    }
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([version, eps]) => [
        version,
        (Array.isArray(eps) ? eps : []).map((ep) => endpointHost(String(ep))),
      ]),
    );
  }
}
