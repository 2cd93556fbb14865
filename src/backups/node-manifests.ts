import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listedKey, type StorageLocation, type StorageProvider } from '../storage/index.js';
import { manifestObjectKey, parseManifestObjectKey } from './bucket-layout.js';
import type { Manifest } from './manifest.js';
import { parseManifest } from './manifest-json.js';

/** A manifest as read from the bucket: its name, content and the size of its file. */
export interface StoredManifest {
  name: string;
  manifest: Manifest;
  manifestSize: number;
}

/**
 * The manifests of one node in a bucket. Manifests never change once written, so cloud ones are
 * kept in a local cache (Esop's layout: `<cacheDir>/<bucket>/<cluster>/<dc>/<node>/manifests/`) and
 * only new ones are downloaded; the cache is pruned of manifests the bucket no longer has. `file://`
 * locations are read directly.
 */
export class NodeManifests {
  private listing: Map<string, number> | undefined;

  constructor(
    private readonly provider: StorageProvider,
    private readonly location: StorageLocation,
    private readonly cacheDir: string | null,
  ) {}

  /** Names (without `.json`) of the node's manifests in the bucket, sorted. */
  async names(): Promise<string[]> {
    return [...(await this.list()).keys()].sort();
  }

  /** Names in the local cache only, without asking the bucket (Esop's `skipDownload`). */
  async cachedNames(): Promise<string[]> {
    const dir = this.cachePath();
    if (!dir) return this.names();
    try {
      return (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
    } catch {
      return [];
    }
  }

  async read(name: string, options: { cacheOnly?: boolean } = {}): Promise<StoredManifest> {
    const cached = await this.readCached(name);
    const text = cached ?? (options.cacheOnly ? null : await this.download(name));
    if (text === null) throw new Error(`manifest ${name} is not in the cache ${this.cachePath()}`);
    return { name, manifest: parseManifest(text, name), manifestSize: Buffer.byteLength(text) };
  }

  /** Every manifest of the node; with `cacheOnly`, those in the local cache. */
  async readAll(options: { cacheOnly?: boolean } = {}): Promise<StoredManifest[]> {
    const names = options.cacheOnly ? await this.cachedNames() : await this.names();
    if (!options.cacheOnly) await this.pruneCache(new Set(names));
    const out: StoredManifest[] = [];
    for (const name of names) out.push(await this.read(name, options));
    return out;
  }

  /** Forgets a removed manifest: in the listing and in the cache. */
  async forget(name: string): Promise<void> {
    this.listing?.delete(name);
    const dir = this.cachePath();
    if (dir) await rm(join(dir, `${name}.json`), { force: true });
  }

  private async list(): Promise<Map<string, number>> {
    if (!this.listing) {
      const objects = await this.provider.list(this.location.nodeKey('manifests/'));
      this.listing = new Map();
      for (const o of objects) {
        const name = parseManifestObjectKey(o.key.slice(this.location.nodePath.length + 1));
        if (name !== null) this.listing.set(name, o.size);
      }
    }
    return this.listing;
  }

  private cachePath(): string | null {
    if (!this.cacheDir || !this.location.cloudLocation) return null;
    return join(this.cacheDir, this.location.bucket, this.location.nodePath, 'manifests');
  }

  private async readCached(name: string): Promise<string | null> {
    const dir = this.cachePath();
    if (!dir) return null;
    try {
      return await readFile(join(dir, `${name}.json`), 'utf8');
    } catch {
      return null;
    }
  }

  private async download(name: string): Promise<string> {
    const text = await this.provider.downloadText(listedKey(this.location.nodeKey(manifestObjectKey(name))));
    const dir = this.cachePath();
    if (dir) {
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.${name}.json.${process.pid}.tmp`);
      await writeFile(temp, text);
      await rename(temp, join(dir, `${name}.json`));
    }
    return text;
  }

  private async pruneCache(present: Set<string>): Promise<void> {
    const dir = this.cachePath();
    if (!dir) return;
    for (const name of await this.cachedNames()) if (!present.has(name)) await rm(join(dir, `${name}.json`), { force: true });
  }
}
