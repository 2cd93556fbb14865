import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { StorageService } from '../cassandra/storage-service.js';
import { type FieldProblem, ValidationError } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { realPathSoFar, requestPaths, rootOf, within } from './path-roots.js';
import type { ParsedRequest } from './request-parser.js';

/** Cassandra's directories are asked again at most this often. */
const DIRECTORIES_TTL_MS = 60_000;
const REMEMBERED = 'cassandra-directories.json';

/**
 * Keeps the paths of REST requests inside the allowed directories: Cassandra's own (the parents of
 * its data, commit-log and saved-caches directories, asked through Jolokia and remembered in the
 * data directory for when Cassandra is down, as during an IN_PLACE restore), --cassandra-config-dir,
 * --data-dir and every --allowed-path. Symlinks are followed, so none leads outside. A path
 * outside is a 400 naming its field; accepted paths are stored normalised.
 */
@Injectable()
export class AllowedPaths {
  private known?: { at: number; dirs: string[] };

  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
  ) {}

  async check(body: unknown, parsed: ParsedRequest): Promise<void> {
    const paths = requestPaths(parsed.instance, body, parsed.plain);
    if (paths.length === 0) return;
    const roots = await this.roots();
    const realRoots = await Promise.all(roots.map(realPathSoFar));
    const problems: FieldProblem[] = [];
    for (const { field, path, store } of paths) {
      const real = await realPathSoFar(path);
      if (roots.some((r) => within(path, r)) && realRoots.some((r) => within(real, r))) {
        store?.(path);
      } else {
        const via = real === path ? '' : ` (it leads to ${real})`;
        problems.push({ field, problem: `'${path}'${via} is outside the directories requests may use: ${roots.join(', ')} (add one with --allowed-path)` });
      }
    }
    if (problems.length > 0) throw new ValidationError(problems.map((p) => `${p.field}: ${p.problem}`).join('; '), problems);
  }

  /** Every allowed directory, configured first. */
  async roots(): Promise<string[]> {
    const { cassandra, server } = this.config;
    const derived = (await this.cassandraDirectories()).map(rootOf);
    return [...new Set([...cassandra.allowedPaths, ...derived, ...cassandra.configDirs, server.dataDir])];
  }

  private async cassandraDirectories(): Promise<string[]> {
    if (this.known && Date.now() - this.known.at < DIRECTORIES_TTL_MS) return this.known.dirs;
    const file = join(this.config.server.dataDir, REMEMBERED);
    try {
      const [data, commitlog, caches] = await Promise.all([
        this.storage.allDataFileLocations(),
        this.storage.commitLogLocation(),
        this.storage.savedCachesLocation(),
      ]);
      const dirs = [...data, commitlog, caches];
      this.known = { at: Date.now(), dirs };
      if (JSON.stringify(dirs) !== (await readFile(file, 'utf8').catch(() => ''))) {
        await mkdir(this.config.server.dataDir, { recursive: true });
        await writeFile(file, JSON.stringify(dirs));
      }
      return dirs;
    } catch {
      // Cassandra is down (or Jolokia unreachable): the directories it reported last time still hold.
      const remembered = await readFile(file, 'utf8').then((t) => JSON.parse(t) as unknown).catch(() => []);
      return Array.isArray(remembered) ? remembered.filter((d): d is string => typeof d === 'string') : [];
    }
  }
}
