import type { JolokiaClient } from './jolokia.client.js';
import { asNumber, asStringArray } from './jolokia.values.js';
import { MBeans } from './mbeans.js';
import { validateKeyspaceName } from './names.js';

/** Where a repair command is (ActiveRepairService.ParentRepairStatus) and what it said. */
export interface RepairStatus {
  state: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';
  messages: string[];
}

const MBEAN = MBeans.storageService;

/** Repairs through StorageService (what `nodetool repair` calls): start one, follow it. */
export class Repairs {
  constructor(private readonly jolokia: JolokiaClient) {}

  /**
   * Starts a repair of a keyspace; `options` are nodetool's (`incremental`, `primaryRange`,
   * `parallelism`, …, all strings). Returns the command number to follow with `status`.
   */
  async start(keyspace: string, options: Record<string, string>): Promise<number> {
    const command = await this.jolokia.exec(MBEAN, 'repairAsync(java.lang.String,java.util.Map)', [validateKeyspaceName(keyspace), options]);
    return asNumber(command, 'repairAsync');
  }

  async status(command: number): Promise<RepairStatus> {
    const value = await this.jolokia.exec(MBEAN, 'getParentRepairStatus(int)', [command]);
    if (value === null || value === undefined) return { state: 'UNKNOWN', messages: [] };
    const [state, ...messages] = asStringArray(value, 'getParentRepairStatus');
    return { state: (['IN_PROGRESS', 'COMPLETED', 'FAILED'].includes(state) ? state : 'UNKNOWN') as RepairStatus['state'], messages };
  }
}
