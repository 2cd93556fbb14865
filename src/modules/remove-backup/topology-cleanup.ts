import { manifestObjectKey, topologyObjectKey } from '../../backups/bucket-layout.js';
import type { StorageLocation, StorageProvider } from '../../storage/index.js';

/**
 * Deletes the topology files (`topology/<name>.json`, one per cluster-wide backup) of backups that
 * no node listed in them still holds. Esop deleted a topology file when a backup was removed by
 * name from one node, though the other nodes still had it, and never when backups were removed by
 * age (§6.2 #16). A backup without a topology file is skipped.
 */
export async function deleteOrphanedTopologies(provider: StorageProvider, location: StorageLocation, names: string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const name of names) {
    const key = location.bucketKey(topologyObjectKey(name));
    if (!(await provider.exists(key))) continue;
    const topology = JSON.parse(await provider.downloadText(key)) as { topology?: Array<{ cluster?: string; dc?: string; nodeId?: string }> };
    const holders = (topology.topology ?? []).filter((n) => n.cluster && n.dc && n.nodeId);
    const stillHeld = await Promise.all(
      holders.map((n) => provider.exists(location.update(n.cluster!, n.dc!, n.nodeId!).nodeKey(manifestObjectKey(name)))),
    );
    if (stillHeld.some(Boolean)) continue;
    await provider.delete([key]);
    deleted.push(key);
  }
  return deleted;
}
