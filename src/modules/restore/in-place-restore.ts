import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEntities } from '../../backups/entities.js';
import type { StorageService } from '../../cassandra/storage-service.js';
import { ConflictError, OperationFailedError, UnavailableError } from '../../common/errors.js';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { toPath } from '../../operations/path-fields.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, hashFile, StorageLocation, type HashAlgorithm } from '../../storage/index.js';
import { nodeDirectories, updateCassandraYaml } from './cassandra-yaml.js';
import { downloadVerified, type Download } from './restore-download.js';
import { selectForRestore, type RestoreFile } from './restore-selection.js';
import { resolveBackup, resolveHostIdFromTopology } from './restore-source.js';
import { systemTableWanted } from './system-tables.js';
import type { RestoreRequest } from './restore.request.js';

/** Refuses an IN_PLACE restore while Cassandra answers: it rewrites the data directories under the node. */
export async function requireNodeDown(storage: StorageService): Promise<void> {
  try {
    await storage.schemaVersion();
  } catch (err) {
    if (err instanceof UnavailableError) return;
    throw err;
  }
  throw new ConflictError('It seems that a Cassandra node is up! IN_PLACE can not be used while Cassandra is running.');
}

/**
 * IN_PLACE (§4.13.1), on a stopped node: the data directories are made to hold exactly the backup's
 * files for the tables it restores (files already there with the right hash stay, the others are
 * downloaded, extraneous ones deleted), then hints, saved caches and the commit log are emptied.
 * Running it again only checks hashes, so a restore interrupted by a crash is simply run again.
 */
export async function runInPlaceRestore(context: OperationContext<RestoreRequest>, deps: { config: SidecarConfig; storage: StorageService }): Promise<Record<string, unknown>> {
  const { request } = context;
  await requireNodeDown(deps.storage);
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
    const backup = await resolveBackup(lookup, location, request.snapshotTag, { schemaVersion, fallbackHash: hash });
    const selection = selectForRestore(backup.manifest, parseEntities(request.entities), {}, systemTableWanted(request));
    const { downloads, kept, extraneous } = await planInPlace(selection.files, dataDirs, backup.hashAlgorithm);
    const provider = createStorageProvider(location, storageOptionsOf(request, backup.hashAlgorithm), storageEnvOf(request, deps.config.backup));
    try {
      await downloadVerified(downloads, { provider, location, algorithm: backup.hashAlgorithm, context, spaceCheckDir: dataDirs[0] });
    } finally {
      await provider.close();
    }
    for (const path of extraneous) await rm(path, { force: true });
    for (const dir of [dirs?.hints, dirs?.savedCaches, dirs?.commitlog]) if (dir) await emptyDirectory(dir);
    const notes = request.updateCassandraYaml ? await updateCassandraYaml(toPath(request.cassandraConfigDirectory), backup.manifest.tokens) : [];
    if (!request.updateCassandraYaml) notes.push(`before starting the node set auto_bootstrap: false and initial_token: ${backup.manifest.tokens.join(',')}`);
    context.output(notes.join('\n'));
    return { storageLocation: location.rawLocation, manifestName: backup.name, downloadedFiles: downloads.length, keptFiles: kept, deletedFiles: extraneous.length };
  } finally {
    await lookup.close();
  }
}

/** Which backup files are missing locally (and where they go), and which local files do not belong. */
async function planInPlace(files: RestoreFile[], dataDirs: string[], algorithm: HashAlgorithm): Promise<{ downloads: Download[]; kept: number; extraneous: string[] }> {
  const wanted = new Map<string, RestoreFile>();
  for (const f of files) wanted.set(relativePath(f), f);
  const downloads: Download[] = [];
  const extraneous: string[] = [];
  let kept = 0;
  const tableDirs = [...new Set(files.map((f) => `${f.table.source.keyspace}/${f.table.source.table}-${f.table.source.tableId}`))];
  const found = new Set<string>();
  const homeOf = new Map<string, string>(); // SSTable → data dir, so its components stay together
  for (const dataDir of dataDirs) {
    for (const tableDir of tableDirs) {
      for (const rel of await filesUnder(join(dataDir, tableDir), tableDir)) {
        const f = wanted.get(rel);
        const path = join(dataDir, rel);
        if (f && !found.has(rel) && (await holds(path, f, algorithm))) {
          found.add(rel);
          kept++;
          homeOf.set(sstableOf(f), dataDir);
        } else {
          extraneous.push(path);
        }
      }
    }
  }
  let next = 0;
  for (const [rel, f] of wanted) {
    if (found.has(rel)) continue;
    let home = homeOf.get(sstableOf(f));
    if (!home) homeOf.set(sstableOf(f), (home = dataDirs[next++ % dataDirs.length]));
    downloads.push({ objectKey: f.objectKey, localPath: join(home, rel), size: f.size, hash: f.hash });
  }
  return { downloads, kept, extraneous };
}

function relativePath(f: RestoreFile): string {
  const { keyspace, table, tableId } = f.table.source;
  return join(keyspace, `${table}-${tableId}`, ...(f.indexDir ? [f.indexDir] : []), f.fileName);
}

function sstableOf(f: RestoreFile): string {
  return `${f.table.source.keyspace}.${f.table.source.table}/${f.indexDir ?? ''}/${f.sstable}`;
}

async function holds(path: string, f: RestoreFile, algorithm: HashAlgorithm): Promise<boolean> {
  const size = await stat(path).then((s) => s.size, () => -1);
  if (size !== f.size) return false;
  return algorithm === 'NONE' || f.hash === undefined || (await hashFile(path, algorithm)) === f.hash;
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
