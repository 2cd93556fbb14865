import { basename, join } from 'node:path';
import type { ColumnFamilyStore } from '../../cassandra/column-family-store.js';
import { NotFoundError, OperationFailedError } from '../../common/errors.js';
import type { RestoreFile, RestoreSelection, RestoreTable } from './restore-selection.js';

/** A table being restored on a running node: its live directories and its download directory. */
export interface PlacedTable extends RestoreTable {
  /** The live table's id (a table re-created since the backup has a new one). */
  localId: string;
  /** `<dataDir>/<ks>/<table>-<localId>`, one per data directory. */
  liveDirs: string[];
  /** `<sourceDir>/<ks>/<table>-<localId>`: what importNewSSTables is given. */
  downloadDir: string;
}

/** A file of the backup and where it is downloaded. */
export interface PlacedFile extends RestoreFile {
  table: PlacedTable;
  /** `<downloadDir>/[.<index>/]<file>`: an index's SSTables stay apart from the table's. */
  localPath: string;
}

/**
 * Places the files of a HARDLINKS/IMPORT restore under the download directory, by the *live*
 * table's id (Esop's layout), so a table dropped and re-created since the backup is restored into
 * its new directory. Every target table must exist: the restore never creates schema.
 */
export async function placeForRestore(selection: RestoreSelection, sourceDir: string, tables: ColumnFamilyStore): Promise<{ tables: PlacedTable[]; files: PlacedFile[] }> {
  const placed = new Map<RestoreTable, PlacedTable>();
  const missing: string[] = [];
  for (const table of selection.tables) {
    try {
      const liveDirs = await tables.dataPaths(table.keyspace, table.table);
      const localId = /-([0-9a-f]{32})$/.exec(basename(liveDirs[0] ?? ''))?.[1];
      if (!localId) throw new OperationFailedError(`cannot tell the id of table ${table.keyspace}.${table.table} from ${liveDirs[0]}`);
      placed.set(table, { ...table, localId, liveDirs, downloadDir: join(sourceDir, table.keyspace, `${table.table}-${localId}`) });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      missing.push(`${table.keyspace}.${table.table}`);
    }
  }
  if (missing.length > 0) {
    throw new OperationFailedError(
      `Tables to restore into do not exist on this node: ${missing.join(', ')}; create them first (the backup's manifest holds their CQL in schemaContent)`,
    );
  }
  const files = selection.files.map((f): PlacedFile => {
    const table = placed.get(f.table)!;
    return { ...f, table, localPath: join(table.downloadDir, ...(f.indexDir ? [f.indexDir] : []), f.fileName) };
  });
  return { tables: [...placed.values()], files };
}
