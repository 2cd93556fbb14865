import type { Manifest } from '../../backups/manifest.js';
import { manifestHashAlgorithm } from '../../backups/manifest-hash.js';
import { latestManifestName, manifestMatchesTag, parseResolvedName } from '../../backups/manifest-names.js';
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

/** What picks the backup: the request's tag, its schema version (exactSchemaVersion), the name a restore under way is pinned to. */
export interface BackupChoice {
  tag: string;
  schemaVersion?: string;
  pinned?: string;
}

/**
 * The one rule every restore (node phases, IN_PLACE, the cluster-wide coordinator) picks its backup
 * by, among a node's manifest names: the name a restore under way is pinned to, which must still be
 * there and still satisfy the tag and the schema version; a full name `<tag>-<schemaVersion>-<ts>`
 * exactly; else the latest backup of the tag (exact-tag matching: `snap1` never picks `snap10-…`,
 * Esop §6.2 #10), of `schemaVersion` if given. Returns the name, or why there is none.
 */
export function chooseBackup(names: readonly string[], choice: BackupChoice): { name: string } | { problem: string } {
  const { tag, schemaVersion, pinned } = choice;
  const ofSchema = schemaVersion ? ` of schema version ${schemaVersion}` : '';
  if (pinned !== undefined) {
    if (!names.includes(pinned)) return { problem: `backup ${pinned}, which this restore downloaded, is no longer in storage; start again with INIT` };
    if (!manifestMatchesTag(pinned, tag, schemaVersion)) return { problem: `backup ${pinned}, which this restore downloaded, is not a backup ${tag}${ofSchema}` };
    return { name: pinned };
  }
  if (parseResolvedName(tag)) {
    return names.includes(tag) && manifestMatchesTag(tag, tag, schemaVersion) ? { name: tag } : { problem: `There is no manifest requested found: no backup named ${tag}${ofSchema}` };
  }
  const latest = latestManifestName(names, tag, schemaVersion);
  return latest ? { name: latest } : { problem: `There is no manifest requested found: no backup ${tag}${ofSchema}` };
}

/** A node's manifest names, and the manifest `chooseBackup` picks among them (or an error naming the node). */
export async function resolveBackup(provider: StorageProvider, location: StorageLocation, choice: BackupChoice & { fallbackHash: HashAlgorithm }): Promise<ResolvedBackup> {
  const manifests = new NodeManifests(provider, location, null);
  const names = await manifests.names();
  const chosen = chooseBackup(names, choice);
  if ('problem' in chosen) throw new OperationFailedError(`${chosen.problem} (node ${location.nodePath} in ${location.rawLocation}, ${names.length} backups there)`);
  const { manifest } = await manifests.read(chosen.name);
  return { name: chosen.name, manifest, hashAlgorithm: manifestHashAlgorithm(manifest, chosen.name) ?? choice.fallbackHash };
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
