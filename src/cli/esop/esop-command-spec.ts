import type { OperationType } from '../../operations/operation-type.js';
import type { EsopFlag, FlagGroup } from './esop-flag.js';

/** One `icarus esop <name>` command: the operation type it runs and its flags. */
export interface EsopCommandSpec {
  name: string;
  type: OperationType;
  description: string;
  groups: FlagGroup[];
  /** Reaches Cassandra: gets the Jolokia options, and Esop's JMX flags (refused). */
  cassandra: boolean;
  /** remove-backup's `-r/--rate`: run again every <time> until SIGINT/SIGTERM. */
  rate?: EsopFlag;
  /** Adds Esop's command-line defaults where they differ from the JSON request's. */
  complete?(body: Record<string, unknown>): void;
  /** Extra paragraph at the end of `--help`. */
  notes?: string;
}

/** Every flag of a command, in help order. */
export function flagsOf(spec: EsopCommandSpec): EsopFlag[] {
  return [...spec.groups.flatMap((g) => g.flags), ...(spec.rate ? [spec.rate] : [])];
}
