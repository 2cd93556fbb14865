import type { JolokiaClient } from './jolokia.client.js';
import { asNumber, asStringRecord } from './jolokia.values.js';
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
}
