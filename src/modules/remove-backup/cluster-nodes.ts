import type { StorageLocation, StorageProvider } from '../../storage/index.js';

const MANIFEST_KEY = /^([^/]+)\/([^/]+)\/([^/]+)\/manifests\/[^/]+\.json$/;

/**
 * Every node of the location's cluster that has backups in the bucket (a manifest under
 * `<cluster>/<dc>/<node>/manifests/`), optionally only in some data centers. Found by listing the
 * cluster's prefix, as Esop's cluster-wide removal does.
 */
export async function clusterNodeLocations(provider: StorageProvider, location: StorageLocation, dcs: string[]): Promise<StorageLocation[]> {
  const cluster = location.clusterId as string;
  const nodes = new Map<string, StorageLocation>();
  for (const object of await provider.list(`${cluster}/`)) {
    const m = MANIFEST_KEY.exec(object.key);
    if (!m || m[1] !== cluster || (dcs.length > 0 && !dcs.includes(m[2]))) continue;
    nodes.set(`${m[2]}/${m[3]}`, location.update(cluster, m[2], m[3]));
  }
  return [...nodes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, node]) => node);
}
