import type { JolokiaClient } from './jolokia.client.js';
import { asNumber, asString, asStringRecord } from './jolokia.values.js';
import { endpointHost, MBeans } from './mbeans.js';

const MBEAN = MBeans.failureDetector;

/** Facade of `org.apache.cassandra.net:type=FailureDetector`: which peers gossip considers up. */
export class FailureDetector {
  constructor(private readonly jolokia: JolokiaClient) {}

  /** `UP` or `DOWN` for every known endpoint, keyed by IP address (no port). */
  async simpleStates(): Promise<Record<string, 'UP' | 'DOWN'>> {
    const states = asStringRecord(await this.jolokia.read(MBEAN, 'SimpleStatesWithPort'), 'SimpleStatesWithPort');
    return Object.fromEntries(Object.entries(states).map(([ep, s]) => [endpointHost(ep), s as 'UP' | 'DOWN']));
  }

  /** Numbers of endpoints up and down, read in one request. */
  async counts(): Promise<{ up: number; down: number }> {
    const values = await this.jolokia.readAttributes(MBEAN, ['UpEndpointCount', 'DownEndpointCount']);
    return { up: asNumber(values.UpEndpointCount, 'UpEndpointCount'), down: asNumber(values.DownEndpointCount, 'DownEndpointCount') };
  }

  /**
   * The native-protocol (CQL) `host:port` gossip announces for the node with this host id
   * (NATIVE_ADDRESS_AND_PORT, or RPC_ADDRESS and 9042 from a node older than 4.0); null when unknown.
   */
  async nativeAddressOf(hostId: string): Promise<string | null> {
    const text = asString(await this.jolokia.read(MBEAN, 'AllEndpointStatesWithPort'), 'AllEndpointStatesWithPort');
    return nativeAddressIn(text, hostId);
  }
}

/** Reads one endpoint's native address out of the text of AllEndpointStatesWithPort (one block per endpoint). */
export function nativeAddressIn(states: string, hostId: string): string | null {
  for (const block of states.split(/\n(?=\/)/)) {
    const value = (key: string): string | undefined => new RegExp(`^\\s*${key}:\\d+:(.*)$`, 'm').exec(block)?.[1].trim();
    if (value('HOST_ID') !== hostId) continue;
    const native = value('NATIVE_ADDRESS_AND_PORT');
    if (native) return native;
    const rpc = value('RPC_ADDRESS');
    return rpc ? `${rpc}:9042` : null;
  }
  return null;
}
