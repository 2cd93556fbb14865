import type { JolokiaClient } from './jolokia.client.js';
import { asString } from './jolokia.values.js';
import { MBeans } from './mbeans.js';

/** Where a node sits: data center and rack, as the snitch sees it. */
export interface NodeLocation {
  dc: string;
  rack: string;
}

const MBEAN = MBeans.endpointSnitchInfo;

/** Facade of `org.apache.cassandra.db:type=EndpointSnitchInfo`: DC and rack of this node and its peers. */
export class EndpointSnitchInfo {
  constructor(private readonly jolokia: JolokiaClient) {}

  /** This node's location. */
  async local(): Promise<NodeLocation> {
    const values = await this.jolokia.readAttributes(MBEAN, ['Datacenter', 'Rack']);
    return { dc: asString(values.Datacenter, 'Datacenter'), rack: asString(values.Rack, 'Rack') };
  }

  async snitchName(): Promise<string> {
    return asString(await this.jolokia.read(MBEAN, 'SnitchName'), 'SnitchName');
  }

  /** Data center of a peer (`ip` or `ip:port`). */
  async datacenterOf(host: string): Promise<string> {
    return asString(await this.jolokia.exec(MBEAN, 'getDatacenter(java.lang.String)', [host]), 'getDatacenter');
  }

  /** Rack of a peer (`ip` or `ip:port`). */
  async rackOf(host: string): Promise<string> {
    return asString(await this.jolokia.exec(MBEAN, 'getRack(java.lang.String)', [host]), 'getRack');
  }

  /** DC and rack of many peers in one bulk request, keyed by the given host strings. */
  async locationsOf(hosts: string[]): Promise<Record<string, NodeLocation>> {
    if (hosts.length === 0) return {};
    const values = await this.jolokia.bulkValues(
      hosts.flatMap((host) => [
        { type: 'exec' as const, mbean: MBEAN, operation: 'getDatacenter(java.lang.String)', arguments: [host] },
        { type: 'exec' as const, mbean: MBEAN, operation: 'getRack(java.lang.String)', arguments: [host] },
      ]),
    );
    return Object.fromEntries(
      hosts.map((host, i) => [
        host,
        { dc: asString(values[2 * i], `getDatacenter(${host})`), rack: asString(values[2 * i + 1], `getRack(${host})`) },
      ]),
    );
  }
}
