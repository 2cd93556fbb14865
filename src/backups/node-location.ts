import type { EndpointSnitchInfo } from '../cassandra/endpoint-snitch-info.js';
import type { StorageService } from '../cassandra/storage-service.js';
import type { StorageLocation } from '../storage/index.js';

/** Who this node is in bucket paths: `<cluster>/<dc>/<hostId>`, cluster name with whitespace as '-' (Esop). */
export interface NodeIdentity {
  cluster: string;
  dc: string;
  hostId: string;
}

export async function nodeIdentity(storage: StorageService, snitch: EndpointSnitchInfo): Promise<NodeIdentity> {
  const [cluster, location, hostId] = await Promise.all([storage.clusterName(), snitch.local(), storage.localHostId()]);
  return { cluster: cluster.replace(/\s/g, '-'), dc: location.dc, hostId };
}

/**
 * Esop's resolution of an incomplete location (`s3://bucket`): this node's cluster, DC and host id
 * are appended, asked from Cassandra. A complete location is returned as it is.
 */
export async function resolveNodeLocation(location: StorageLocation, storage: StorageService, snitch: EndpointSnitchInfo): Promise<StorageLocation> {
  if (location.complete) return location;
  const node = await nodeIdentity(storage, snitch);
  return location.update(node.cluster, node.dc, node.hostId);
}
