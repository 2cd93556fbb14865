import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEntities } from '../../backups/entities.js';
import type { StorageService } from '../../cassandra/storage-service.js';
import { OperationFailedError } from '../../common/errors.js';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { toPath } from '../../operations/path-fields.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation, type HashAlgorithm } from '../../storage/index.js';
import { nativeAddress, nodeDirectories, updateCassandraYaml } from './cassandra-yaml.js';
import { type LocalFile, reconcile, type WantedFile } from './in-place-plan.js';
import { tableDirectories } from './in-place-tables.js';
import { holdsBackupFile } from './local-copy.js';
import { requireNodeDown } from './node-down.js';
import { downloadVerified } from './restore-download.js';
import { selectForRestore, type RestoreSelection } from './restore-selection.js';
import { resolveBackup, resolveHostIdFromTopology } from './restore-source.js';
import { systemTableWanted } from './system-tables.js';
import type { RestoreRequest } from './restore.request.js';

/** Refuses an IN_PLACE restore unless Cassandra is confirmed down (its address from the request's cassandra.yaml). */
export async function requireInPlaceNodeDown(request: RestoreRequest, config: SidecarConfig, storage: StorageService): Promise<void> {
  await requireNodeDown(storage, await nativeAddress(toPath(request.cassandraConfigDirectory), config.jolokia.url), config.jolokia.url);
}

/**
 * IN_PLACE (§4.13.1), on a stopped node: every table the restore covers ends with exactly the
 * backup's files — in the directory Cassandra will read (a re-created table's new one), tables with
 * no SSTables in the backup emptied — following one reconciliation plan (keep, download, remove),
 * then hints, saved caches and the commit log are emptied. Nothing is changed before the backup,
 * the table directories and the free space of every data directory written to check out. Running
 * it again only checks, so a restore interrupted by a crash is simply run again.
 */
export async function runInPlaceRestore(context: OperationContext<RestoreRequest>, deps: { config: SidecarConfig; storage: StorageService }): Promise<Record<string, unknown>> {
  const { request } = context;
  await requireInPlaceNodeDown(request, deps.config, deps.storage);
  const dirs = await nodeDirectories(toPath(request.cassandraConfigDirectory), request.cassandraDirectory && toPath(request.cassandraDirectory));
  const dataDirs = request.dataDirs?.length ? request.dataDirs.map(toPath) : dirs?.dataDirs;
  if (!dataDirs?.length) {
    throw new OperationFailedError(`Cannot tell the data directories: no cassandra.yaml in ${request.cassandraConfigDirectory}; give dataDirs or cassandraDirectory`);
  }
  let location = StorageLocation.parse(request.storageLocation);
  const hash: HashAlgorithm = request.hashAlgorithm ?? deps.config.backup.hashAlgorithm;
  const lookup = createStorageProvider(location, storageOptionsOf(request, hash), storageEnvOf(request, deps.config.backup));
  try {
    await lookup.ensureBucket();
    if (request.resolveHostIdFromTopology) location = await resolveHostIdFromTopology(lookup, location, request.snapshotTag);
    const schemaVersion = request.exactSchemaVersion ? request.schemaVersion : undefined;
    const backup = await resolveBackup(lookup, location, { tag: request.snapshotTag, schemaVersion, fallbackHash: hash });
    const selection = selectForRestore(backup.manifest, parseEntities(request.entities), {}, systemTableWanted(request));
    const { wanted, tableDirs, notes } = await placeInPlace(selection, dataDirs);
    const plan = reconcile(wanted, await localFiles(wanted, tableDirs, dataDirs, backup.hashAlgorithm), dataDirs);
    const provider = createStorageProvider(location, storageOptionsOf(request, backup.hashAlgorithm), storageEnvOf(request, deps.config.backup));
    try {
      const space = { outcome: 'nothing was downloaded, deleted or emptied' };
      await downloadVerified(plan.download, { provider, location, algorithm: backup.hashAlgorithm, context, space });
    } finally {
      await provider.close();
    }
    for (const path of plan.remove) await rm(path, { force: true });
    for (const dir of [dirs?.hints, dirs?.savedCaches, dirs?.commitlog]) if (dir) await emptyDirectory(dir);
    if (request.updateCassandraYaml) notes.push(...(await updateCassandraYaml(toPath(request.cassandraConfigDirectory), backup.manifest.tokens)));
    else notes.push(`before starting the node set auto_bootstrap: false and initial_token: ${backup.manifest.tokens.join(',')}`);
    context.output(notes.join('\n'));
    return {
      storageLocation: location.rawLocation,
      manifestName: backup.name,
      downloadedFiles: plan.download.length,
      keptFiles: plan.keep.length,
      deletedFiles: plan.remove.length,
    };
  } finally {
    await lookup.close();
  }
}

/** The backup's files at their place under the table directory each table is restored into. */
async function placeInPlace(selection: RestoreSelection, dataDirs: string[]): Promise<{ wanted: WantedFile[]; tableDirs: string[]; notes: string[] }> {
  const schemaRestored = selection.tables.some((t) => t.source.keyspace === 'system_schema');
  const targets = await tableDirectories(selection.tables, dataDirs, schemaRestored);
  const notes: string[] = [];
  const tableDirs = selection.tables.map((t) => {
    const { id, recreated } = targets.get(t)!;
    if (recreated) notes.push(`${t.source.keyspace}.${t.source.table} was re-created since the backup: restored into its directory of id ${id}`);
    return join(t.source.keyspace, `${t.source.table}-${id}`);
  });
  const dirOf = new Map(selection.tables.map((t, i) => [t, tableDirs[i]]));
  const wanted = selection.files.map((f): WantedFile => {
    const tableDir = dirOf.get(f.table)!;
    return {
      rel: join(tableDir, ...(f.indexDir ? [f.indexDir] : []), f.fileName),
      sstable: `${tableDir}/${f.indexDir ?? ''}/${f.sstable}`,
      objectKey: f.objectKey,
      size: f.size,
      hash: f.hash,
    };
  });
  return { wanted, tableDirs, notes };
}

/** Every file of the covered table directories (and their index directories), and whether it holds the backup's content. */
async function localFiles(wanted: WantedFile[], tableDirs: string[], dataDirs: string[], algorithm: HashAlgorithm): Promise<LocalFile[]> {
  const byRel = new Map(wanted.map((w) => [w.rel, w]));
  const found: LocalFile[] = [];
  for (const dataDir of dataDirs) {
    for (const tableDir of new Set(tableDirs)) {
      for (const rel of await filesUnder(join(dataDir, tableDir), tableDir)) {
        const w = byRel.get(rel);
        found.push({ dataDir, rel, matches: w !== undefined && (await holdsBackupFile(join(dataDir, rel), w, algorithm)) });
      }
    }
  }
  return found;
}

/** Files of a table directory and its index directories (not its snapshots or backups), relative to the data directory. */
async function filesUnder(dir: string, rel: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (e.isFile()) out.push(join(rel, e.name));
    else if (e.isDirectory() && e.name.startsWith('.')) out.push(...(await filesUnder(join(dir, e.name), join(rel, e.name))));
  }
  return out;
}

async function emptyDirectory(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) await rm(join(dir, name), { recursive: true, force: true });
}
