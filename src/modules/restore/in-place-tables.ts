import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationFailedError } from '../../common/errors.js';
import type { RestoreTable } from './restore-selection.js';

/** A table id's directories on a stopped node, and what they hold. */
export interface TableIdState {
  id: string;
  /** SSTables (or any file) in the table directory or its index directories. */
  live: boolean;
  /** A `dropped-*` snapshot: Cassandra dropped the table of this id (its directory stays for the snapshot). */
  dropped: boolean;
  dirs: string[];
}

/** The id whose directory an IN_PLACE restore writes a table into, or why it cannot tell. */
export type TableIdChoice = TableTarget | { problem: string };
/** The id chosen, and whether it is a re-created table's (not the backup's). */
export interface TableTarget {
  id: string;
  recreated: boolean;
}

/**
 * Which directory of a table Cassandra will read when it starts, decided from the disk (a stopped
 * node cannot be asked). Cassandra reads `<table>-<id>` of the id in its schema: the backup's id
 * when the restore brings the schema back too, or when no other id's directory is in use. A table
 * dropped and re-created since the backup has a new id: its directory is the one written when the
 * backup's is gone or only holds the drop's snapshot and exactly one other id is in use. Anything
 * else (two ids in use, or an empty directory that may be a re-created table's) is refused: a
 * restore into the wrong directory would report COMPLETED and leave the table as it was.
 */
export function chooseTableId(backupId: string, states: readonly TableIdState[], schemaRestored: boolean): TableIdChoice {
  if (schemaRestored) return { id: backupId, recreated: false };
  const inUse = (s: TableIdState) => s.live || !s.dropped;
  const others = states.filter((s) => s.id !== backupId && inUse(s));
  if (others.length === 0) return { id: backupId, recreated: false };
  const own = states.find((s) => s.id === backupId);
  if ((!own || !inUse(own)) && others.length === 1) return { id: others[0].id, recreated: true };
  const described = states.map((s) => `${s.id} (${s.live ? 'holds files' : s.dropped ? 'dropped' : 'empty'})`).join(', ');
  return { problem: `it has directories of several ids (${described}; the backup's is ${backupId}) and a stopped node cannot tell which one its schema uses` };
}

/**
 * The table directory name (`<table>-<id>`) each restored table is written into; fails naming every
 * table it cannot place, before anything is changed.
 */
export async function tableDirectories(tables: readonly RestoreTable[], dataDirs: readonly string[], schemaRestored: boolean): Promise<Map<RestoreTable, TableTarget>> {
  const chosen = new Map<RestoreTable, TableTarget>();
  const refused: string[] = [];
  for (const table of tables) {
    const { keyspace, table: name, tableId } = table.source;
    const choice = chooseTableId(tableId, await idStates(dataDirs, keyspace, name), schemaRestored);
    if ('problem' in choice) refused.push(`${keyspace}.${name}: ${choice.problem}`);
    else chosen.set(table, choice);
  }
  if (refused.length > 0) {
    throw new OperationFailedError(`IN_PLACE cannot tell where to restore ${refused.length} table(s); nothing was changed. ${refused.join('; ')}. ` +
      'Remove the directories Cassandra does not use, restore the schema too (newCluster or restoreSystemKeyspace), or restore with HARDLINKS/IMPORT on the running node');
  }
  return chosen;
}

async function idStates(dataDirs: readonly string[], keyspace: string, table: string): Promise<TableIdState[]> {
  const states = new Map<string, TableIdState>();
  const pattern = new RegExp(`^${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-([0-9a-fA-F]{32})$`);
  for (const dataDir of dataDirs) {
    for (const entry of await readdir(join(dataDir, keyspace), { withFileTypes: true }).catch(() => [])) {
      const id = entry.isDirectory() ? pattern.exec(entry.name)?.[1] : undefined;
      if (!id) continue;
      const dir = join(dataDir, keyspace, entry.name);
      const state = states.get(id) ?? { id, live: false, dropped: false, dirs: [] };
      state.dirs.push(dir);
      state.live ||= await holdsFiles(dir);
      state.dropped ||= (await readdir(join(dir, 'snapshots')).catch(() => [] as string[])).some((n) => n.startsWith('dropped-'));
      states.set(id, state);
    }
  }
  return [...states.values()];
}

/** A file in the table directory or one of its index directories (`.<index>`); snapshots and backups do not count. */
async function holdsFiles(dir: string): Promise<boolean> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isFile()) return true;
    if (entry.isDirectory() && entry.name.startsWith('.') && (await holdsFiles(join(dir, entry.name)))) return true;
  }
  return false;
}
