import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HashAlgorithm } from '../storage/index.js';

/** Identity of a file version: Cassandra never rewrites an SSTable component in place, it writes a new file and renames it. */
export interface FileVersion {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

type Entry = Partial<Record<HashAlgorithm, string>> & { seen: number };

const FILE_NAME = 'hash-cache.json';
/** Entries not seen by a backup for this long are dropped: their SSTables are long compacted away. */
const FORGET_AFTER_MS = 30 * 24 * 3600_000;
/** How stale a `seen` may get before a backup that only reads an entry writes it again (a day is plenty against 30). */
const RESEEN_AFTER_MS = 24 * 3600_000;

/**
 * Hashes of files already read by earlier backups, keyed by device, inode, size and mtime. A snapshot
 * file is a hard link to the live SSTable file, so an unchanged SSTable keeps its inode from one
 * backup to the next and need not be read again (Esop re-hashes every file on every backup). A
 * component Cassandra rewrites (Statistics.db when SSTables are marked repaired) gets a new inode
 * and mtime, hence a cache miss.
 */
export class HashCache {
  /** Whether save() has anything to write: an incremental backup of unchanged files usually has not. */
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  static async load(stateDir: string): Promise<HashCache> {
    const path = join(stateDir, FILE_NAME);
    let entries = new Map<string, Entry>();
    try {
      entries = new Map(Object.entries(JSON.parse(await readFile(path, 'utf8')) as Record<string, Entry>));
    } catch {
      // Missing or damaged: it is only a cache, every hash can be computed again.
    }
    return new HashCache(path, entries);
  }

  get(file: FileVersion, algorithm: HashAlgorithm): string | undefined {
    const entry = this.entries.get(keyOf(file));
    const now = Date.now();
    if (entry && now - entry.seen > RESEEN_AFTER_MS) {
      entry.seen = now;
      this.dirty = true;
    }
    return entry?.[algorithm];
  }

  set(file: FileVersion, algorithm: HashAlgorithm, hash: string): void {
    const key = keyOf(file);
    this.entries.set(key, { ...this.entries.get(key), [algorithm]: hash, seen: Date.now() });
    this.dirty = true;
  }

  /**
   * Writes the cache atomically, merged with what other backups (of this process or another) saved
   * meanwhile, unless nothing changed. Never fails a backup: a cache that cannot be written only
   * costs re-reading files.
   */
  async save(): Promise<boolean> {
    if (!this.dirty) return true;
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const onDisk = await HashCache.load(dirname(this.path));
      const cutoff = Date.now() - FORGET_AFTER_MS;
      const merged = new Map([...onDisk.entries, ...this.entries].filter(([, e]) => e.seen >= cutoff));
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(temp, JSON.stringify(Object.fromEntries(merged)));
      await rename(temp, this.path);
      this.dirty = false;
      return true;
    } catch {
      await rm(temp, { force: true });
      return false;
    }
  }
}

function keyOf(file: FileVersion): string {
  return `${file.dev}:${file.ino}:${file.size}:${Math.trunc(file.mtimeMs)}`;
}
