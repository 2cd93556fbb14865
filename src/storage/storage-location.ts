import { ValidationError } from '../common/errors.js';
import { bucketKey, nodeKey, type RemoteKey } from './remote-key.js';

/** Storage providers Esop 3.x registers; anything else fails validation with Esop's message. */
export const STORAGE_PROVIDERS = ['s3', 'gcp', 'azure', 'file'] as const;
export type StorageProviderName = (typeof STORAGE_PROVIDERS)[number];

const CLOUD_PATTERN = /^(.*):\/\/(.*)\/(.*)\/(.*)\/(.*)$/;
const FILE_PATTERN = /^(.*):\/\/(.*)\/(.*)\/(.*)\/(.*)\/(.*)$/;
const BUCKET_ONLY_PATTERN = /^(.*):\/\/([^/]*)$/;

/** Bad storage location. Esop prefixes format problems with "Invalid storage location: ", not the provider list. */
export class StorageLocationError extends ValidationError {
  constructor(problem: string, prefixed = true) {
    super(prefixed ? `Invalid storage location: ${problem}` : problem, [{ field: 'storageLocation', problem }]);
  }
}

/**
 * Esop rejects a part ending in "/" (only the greedy bucket group can); we also reject empty parts
 * (`s3://b//dc/n`), which Esop accepted and which would put objects under `//` keys.
 */
function badName(name: string | null): boolean {
  return name !== null && (name === '' || name.endsWith('/'));
}

/**
 * A parsed `storageLocation` (Esop §4.1): `proto://bucket[/cluster/dc/node]`, or for `file`
 * `file:///dir/.../bucket/cluster/dc/node`. Immutable; `update` returns a rewritten copy.
 */
export class StorageLocation {
  private constructor(
    readonly rawLocation: string,
    readonly storageProvider: string,
    readonly bucket: string,
    readonly clusterId: string | null,
    readonly datacenterId: string | null,
    readonly nodeId: string | null,
    /** Absolute directory holding the bucket directory (file provider only). */
    readonly fileBackupDirectory: string | null,
    /** A bucket-only cloud location: a cluster-wide request, or one resolved later through JMX. */
    readonly globalRequest: boolean,
  ) {}

  /** Parses and validates; throws StorageLocationError with Esop's messages. */
  static parse(location: string): StorageLocation {
    const parsed = StorageLocation.parseLoose(location);
    parsed.validate();
    return parsed;
  }

  /** Parses without validating, as Esop's constructor does (fields stay null when nothing matches). */
  static parseLoose(location: string): StorageLocation {
    const raw = location.endsWith('/') ? location.slice(0, -1) : location; // Esop strips one slash only
    const scheme = raw.includes('://') ? raw.slice(0, raw.indexOf('://')) : '';
    if (scheme === 'file') return StorageLocation.parseFile(raw);
    const bucketOnly = BUCKET_ONLY_PATTERN.exec(raw);
    if (bucketOnly) return new StorageLocation(raw, bucketOnly[1], bucketOnly[2], null, null, null, null, true);
    const m = CLOUD_PATTERN.exec(raw);
    if (!m) return new StorageLocation(raw, scheme, '', null, null, null, null, false);
    return new StorageLocation(raw, m[1], m[2], m[3], m[4], m[5], null, false);
  }

  /**
   * Esop resolves `file:///a/b/c/d` (four parts) against the working directory, so the same request
   * lands in different places depending on where the process started. We require an absolute
   * directory above the bucket instead, and say so.
   */
  private static parseFile(raw: string): StorageLocation {
    const m = FILE_PATTERN.exec(raw);
    if (!m) return new StorageLocation(raw, 'file', '', null, null, null, null, false);
    const dir = m[2];
    if (dir === '' || !dir.startsWith('/')) {
      throw new StorageLocationError(
        `Storage location ${raw} names no absolute directory above the bucket; ` +
          'use file:///some/backup/path/bucket/clusterId/datacenterId/nodeId (Esop would resolve it against the working directory)',
      );
    }
    return new StorageLocation(raw, 'file', m[3], m[4], m[5], m[6], dir, false);
  }

  get provider(): StorageProviderName {
    return this.storageProvider as StorageProviderName;
  }

  get cloudLocation(): boolean {
    return this.storageProvider !== 'file';
  }

  /** True when cluster, dc and node are all set, i.e. node-aware keys can be built. */
  get complete(): boolean {
    return this.clusterId !== null && this.datacenterId !== null && this.nodeId !== null;
  }

  /** `<cluster>/<dc>/<node>`, the prefix of every data, manifest and commitlog key. */
  get nodePath(): string {
    if (!this.complete) throw new StorageLocationError(`Storage location ${this.rawLocation} has no cluster/dc/node part`);
    return `${this.clusterId}/${this.datacenterId}/${this.nodeId}`;
  }

  /** Key of an object under this node's path, e.g. `manifests/x.json`. */
  nodeKey(relative: string): RemoteKey {
    return nodeKey(this.nodePath, relative);
  }

  /** Key of an object at the bucket root, e.g. `topology/x.json`. */
  bucketKey(relative: string): RemoteKey {
    return bucketKey(relative);
  }

  /** Esop's `validate()`; the messages are Esop's, word for word. */
  validate(): void {
    const raw = this.rawLocation;
    if (this.cloudLocation) {
      if (this.globalRequest) {
        if (this.bucket === '') throw new StorageLocationError(`Global storage location ${raw} is not in form protocol://bucketName`);
      } else if (!this.complete) {
        throw new StorageLocationError(`Storage location ${raw} is not in form protocol://bucketName/clusterId/datacenterid/nodeId`);
      }
    } else if (!this.complete || this.fileBackupDirectory === null) {
      throw new StorageLocationError(`Storage location ${raw} is not in form file:///some/backup/path/clusterId/datacenterId/nodeId`);
    }
    if (badName(this.bucket)) throw new StorageLocationError(`Wrong bucket name: ${this.bucket}`);
    if (badName(this.clusterId)) throw new StorageLocationError(`Wrong cluster name: ${this.clusterId}`);
    if (badName(this.datacenterId)) throw new StorageLocationError(`Wrong datacenter name: ${this.datacenterId}`);
    if (badName(this.nodeId)) throw new StorageLocationError(`Wrong node name: ${this.nodeId}`);
    if (!(STORAGE_PROVIDERS as readonly string[]).includes(this.storageProvider)) {
      throw new StorageLocationError(`Available storage providers: [${STORAGE_PROVIDERS.join(', ')}]`, false);
    }
  }

  /** Esop's `update(cluster, dc, node)`: a bucket-only location gets them appended, otherwise the last three parts change. */
  update(clusterId: string, datacenterId: string, nodeId: string): StorageLocation {
    const base = this.globalRequest ? this.rawLocation : this.rawLocation.split('/').slice(0, -3).join('/');
    return StorageLocation.parse(`${base}/${clusterId}/${datacenterId}/${nodeId}`);
  }

  /** Esop's `updateNodeId`: replaces the last part only. */
  updateNodeId(nodeId: string): StorageLocation {
    if (!this.complete) return this.update(this.clusterId ?? '', this.datacenterId ?? '', nodeId);
    return StorageLocation.parse(`${this.rawLocation.split('/').slice(0, -1).join('/')}/${nodeId}`);
  }

  toString(): string {
    return this.rawLocation;
  }

  toJSON(): string {
    return this.rawLocation;
  }
}
