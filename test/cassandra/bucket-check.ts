import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDataObjectKey } from '../../src/backups/bucket-layout.js';
import { manifestEntries, type Manifest } from '../../src/backups/manifest.js';
import { NodeManifests, type StoredManifest } from '../../src/backups/node-manifests.js';
import { isSSTableFileName } from '../../src/backups/sstable-names.js';
import { hashFile, StorageLocation, type StorageProvider } from '../../src/storage/index.js';

/** Every manifest of the node the location names. */
export function manifestsAt(provider: StorageProvider, location: string): Promise<StoredManifest[]> {
  return new NodeManifests(provider, StorageLocation.parse(location), null).readAll();
}

/** Reads every object a manifest references back from the bucket and checks its size and SHA-256. */
export async function verifyObjects(provider: StorageProvider, location: string, manifest: Manifest): Promise<number> {
  const node = StorageLocation.parse(location);
  const entries = manifestEntries(manifest);
  for (const { entry } of entries) {
    const remote = await provider.remoteHash(node.nodeKey(entry.objectKey));
    assert.equal(remote.size, entry.size, `size of ${entry.objectKey}`);
    assert.equal(remote.hash, entry.hash, `hash of ${entry.objectKey}`);
  }
  return entries.length;
}

/** `<keyspace>/<table>/<.index or ->/<file>` → size and local SHA-256, for the live SSTables of some keyspaces. */
export async function liveComponents(dataDirs: string[], keyspaces: string[]): Promise<Map<string, { size: number; hash: string }>> {
  const found = new Map<string, { size: number; hash: string }>();
  const add = async (keyspace: string, table: string, index: string, dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name.startsWith('.') && index === '-') await add(keyspace, table, entry.name, join(dir, entry.name));
      if (!entry.isFile() || !isSSTableFileName(entry.name)) continue;
      const path = join(dir, entry.name);
      found.set(`${keyspace}/${table}/${index}/${entry.name}`, { size: (await stat(path)).size, hash: (await hashFile(path, 'SHA-256')) as string });
    }
  };
  for (const dataDir of dataDirs) {
    for (const keyspace of keyspaces) {
      for (const tableDir of await readdir(join(dataDir, keyspace)).catch(() => [] as string[])) {
        const table = /^(\w+)-[0-9a-f]{32}$/.exec(tableDir)?.[1];
        if (table) await add(keyspace, table, '-', join(dataDir, keyspace, tableDir));
      }
    }
  }
  return found;
}

/** The same view of a manifest, for the keyspaces given. */
export function manifestComponents(manifest: Manifest, keyspaces: string[]): Map<string, { size: number; hash: string }> {
  const found = new Map<string, { size: number; hash: string }>();
  for (const { keyspace, table, entry } of manifestEntries(manifest)) {
    if (!keyspaces.includes(keyspace)) continue;
    const parts = parseDataObjectKey(entry.objectKey);
    assert.ok(parts, `data key ${entry.objectKey}`);
    found.set(`${keyspace}/${table}/${parts.indexDir ?? '-'}/${parts.fileName}`, { size: entry.size, hash: entry.hash as string });
  }
  return found;
}

/** Snapshot directories named `tag` left on disk under the data directories. */
export async function snapshotsLeft(dataDirs: string[], tag: string): Promise<string[]> {
  const left: string[] = [];
  for (const dataDir of dataDirs) {
    for (const keyspace of await readdir(dataDir).catch(() => [] as string[])) {
      for (const tableDir of await readdir(join(dataDir, keyspace)).catch(() => [] as string[])) {
        const dir = join(dataDir, keyspace, tableDir, 'snapshots', tag);
        if (await stat(dir).then(() => true, () => false)) left.push(dir);
      }
    }
  }
  return left;
}
