import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../backups/manifest.js';
import { manifestHashAlgorithm } from '../../backups/manifest-hash.js';
import { latestManifestName, manifestMatchesTag } from '../../backups/manifest-names.js';
import { NodeManifests } from '../../backups/node-manifests.js';
import { OperationFailedError } from '../../common/errors.js';
import { listedKey, type HashAlgorithm, type StorageLocation, type StorageProvider } from '../../storage/index.js';

/** The backup a restore reads: its manifest and how to verify its files. */
export interface ResolvedBackup {
  name: string;
  manifest: Manifest;
  /** What the manifest records (or its hashes show); the fallback for manifests without hashes. */
  hashAlgorithm: HashAlgorithm;
}

/**
 * Finds the manifest of `tag` for a node: the name itself, or `<tag>-<schemaVersion>-<ts>` with the
 * latest timestamp (exact-tag matching: `snap1` never picks `snap10-…`, Esop §6.2 #10); with
 * `schemaVersion`, only backups of that schema version.
 */
export async function resolveBackup(
  provider: StorageProvider,
  location: StorageLocation,
  tag: string,
  options: { schemaVersion?: string; fallbackHash: HashAlgorithm; pinned?: string },
): Promise<ResolvedBackup> {
  const manifests = new NodeManifests(provider, location, null);
  const names = await manifests.names();
  const name = options.pinned && names.includes(options.pinned) ? options.pinned : latestManifestName(names, tag, options.schemaVersion);
  if (!name) {
    const which = options.schemaVersion ? ` of schema version ${options.schemaVersion}` : '';
    throw new OperationFailedError(`There is no manifest requested found: no backup ${tag}${which} of node ${location.nodePath} in ${location.rawLocation} (${names.length} backups there)`);
  }
  const { manifest } = await manifests.read(name);
  return { name, manifest, hashAlgorithm: manifestHashAlgorithm(manifest, name) ?? options.fallbackHash };
}

/**
 * `resolveHostIdFromTopology` (§4.5): the location's node part is a host name (or its prefix) or a
 * host id of the cluster the backup was taken from, looked up in the backup's topology file.
 */
export async function resolveHostIdFromTopology(provider: StorageProvider, location: StorageLocation, tag: string): Promise<StorageLocation> {
  const files = (await provider.list('topology/')).filter((o) => manifestMatchesTag(o.key.slice('topology/'.length).replace(/\.json$/, ''), tag));
  if (files.length !== 1) throw new OperationFailedError(`There is not one key which satisfies key filter topology/${tag}: ${files.map((f) => f.key).join(', ') || 'none'}`);
  const topology = JSON.parse(await provider.downloadText(listedKey(files[0].key))) as { topology?: Array<{ hostname?: string; nodeId?: string }> };
  const node = location.nodeId ?? '';
  const matches = (topology.topology ?? []).filter((n) => n.nodeId === node || (n.hostname ?? '').startsWith(node));
  if (matches.length === 0) throw new OperationFailedError(`There are no nodes which starts on '${node}' in ${files[0].key}`);
  if (matches.length > 1) throw new OperationFailedError(`There are more than 1 nodes which start on '${node}' in ${files[0].key}`);
  return location.updateNodeId(matches[0].nodeId as string);
}

const MARKER = '.icarus-restore.json';

/** What DOWNLOAD fetched, so the later phases restore from the same manifest even if a newer backup appears meanwhile. */
export interface RestoreMarker {
  storageLocation: string;
  snapshotTag: string;
  manifest: string;
}

export async function readMarker(sourceDir: string): Promise<RestoreMarker | null> {
  try {
    return JSON.parse(await readFile(join(sourceDir, MARKER), 'utf8')) as RestoreMarker;
  } catch {
    return null;
  }
}

export async function writeMarker(sourceDir: string, marker: RestoreMarker): Promise<void> {
  await mkdir(sourceDir, { recursive: true });
  const temp = join(sourceDir, `${MARKER}.${process.pid}.tmp`);
  await writeFile(temp, JSON.stringify(marker));
  await rename(temp, join(sourceDir, MARKER));
}
