/**
 * A key inside the bucket (or the file provider's bucket directory), already joined with the node
 * path when it belongs to a node. Branded so callers build keys through StorageLocation and never
 * hand a provider a half-relative path by mistake.
 */
export type RemoteKey = string & { readonly __remoteKey: unique symbol };

function clean(relative: string): string {
  const trimmed = relative.replace(/^\/+/, '');
  if (trimmed === '' || trimmed.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`Invalid object key "${relative}"`);
  }
  return trimmed;
}

/** `<cluster>/<dc>/<node>/<relative>`: data, manifests and commitlogs. */
export function nodeKey(nodePath: string, relative: string): RemoteKey {
  return `${nodePath}/${clean(relative)}` as RemoteKey;
}

/** `<relative>` at the bucket root: topology files. */
export function bucketKey(relative: string): RemoteKey {
  return clean(relative) as RemoteKey;
}

/** Re-brands a key a provider listed, so it can be passed back to download or delete. */
export function listedKey(key: string): RemoteKey {
  return key as RemoteKey;
}
