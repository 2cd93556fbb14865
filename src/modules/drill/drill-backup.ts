import { isSystemKeyspace, parseEntities } from '../../backups/entities.js';
import type { Manifest } from '../../backups/manifest.js';
import { latestManifestName } from '../../backups/manifest-names.js';
import { NodeManifests } from '../../backups/node-manifests.js';
import { OperationFailedError } from '../../common/errors.js';
import type { StorageLocation, StorageProvider } from '../../storage/index.js';
import { scratchKeyspaceOf } from './drill-scratch.js';

/** One table a drill restores: the source, the scratch table it goes into, its bytes in the backup and its schema. */
export interface DrillTable {
  keyspace: string;
  table: string;
  scratchKeyspace: string;
  bytes: number;
  schemaContent?: string;
}

/**
 * The backup a drill reads (the manifest named, or the latest of the tag) and the tables of it that
 * `entities` chooses. Kept in one file so the backup catalog can replace the lookup at merge.
 */
export async function findDrillBackup(provider: StorageProvider, location: StorageLocation, tag: string): Promise<{ name: string; manifest: Manifest }> {
  const manifests = new NodeManifests(provider, location, null);
  const names = await manifests.names();
  const name = latestManifestName(names, tag);
  if (!name) throw new OperationFailedError(`no backup ${tag} of node ${location.nodePath} in ${location.rawLocation} (${names.length} backups there)`);
  return { name, manifest: (await manifests.read(name)).manifest };
}

/** The tables `entities` names (tables or keyspaces; empty = all non-system ones), each with its scratch keyspace. */
export function chooseDrillTables(manifest: Manifest, entities: string): DrillTable[] {
  const wanted = parseEntities(entities);
  const out: DrillTable[] = [];
  for (const [keyspace, ks] of Object.entries(manifest.snapshot.keyspaces)) {
    for (const [table, t] of Object.entries(ks.tables)) {
      const named = wanted.tables.length > 0
        ? wanted.tables.some((w) => w.keyspace === keyspace && w.table === table)
        : wanted.keyspaces.length > 0 ? wanted.keyspaces.includes(keyspace) : !isSystemKeyspace(keyspace);
      if (!named) continue;
      const bytes = Object.values(t.sstables).flat().reduce((sum, e) => sum + e.size, 0);
      out.push({ keyspace, table, scratchKeyspace: scratchKeyspaceOf(keyspace), bytes, ...(t.schemaContent ? { schemaContent: t.schemaContent } : {}) });
    }
  }
  const missing = [...wanted.tables.map((w) => `${w.keyspace}.${w.table}`), ...wanted.keyspaces].filter(
    (name) => !out.some((t) => `${t.keyspace}.${t.table}` === name || t.keyspace === name),
  );
  if (missing.length > 0) throw new OperationFailedError(`the backup has no ${missing.join(', ')} (entities)`);
  if (out.length === 0) throw new OperationFailedError('the backup holds no table to drill (entities)');
  const system = out.filter((t) => isSystemKeyspace(t.keyspace));
  if (system.length > 0) throw new OperationFailedError(`system tables cannot be drilled: ${system.map((t) => `${t.keyspace}.${t.table}`).join(', ')} (entities)`);
  return out;
}
