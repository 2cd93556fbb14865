import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sidecar's own version and build facts, from package.json and the build itself. */
export interface SidecarVersion {
  version: string;
  /** RFC 3339 (UTC): clients parse it as a time (the Icarus Go client's model is a Go time.Time). */
  buildTime: string;
  gitCommit: string;
}

let cached: SidecarVersion | undefined;

export function sidecarVersion(): SidecarVersion {
  if (cached) return cached;
  const pkg = findPackageJson();
  cached = {
    version: `instaclustr-icarus ${pkg?.json.version ?? 'development build'}`,
    buildTime: buildTime(pkg),
    gitCommit: pkg?.json.gitCommit ?? 'unknown',
  };
  return cached;
}

/**
 * A `buildTime` stamped into package.json by a release, else when this file was compiled (tsc
 * writes it at build time), else package.json's modification time. Never a word like "unknown":
 * Icarus wrote that, and the Go client then failed to read the whole answer.
 */
function buildTime(pkg: PackageFile | undefined): string {
  const stamped = pkg?.json.buildTime ? Date.parse(pkg.json.buildTime) : NaN;
  if (Number.isFinite(stamped)) return new Date(stamped).toISOString();
  for (const file of [fileURLToPath(import.meta.url), pkg?.path]) {
    try {
      if (file) return statSync(file).mtime.toISOString();
    } catch {
      // not readable: try the next one
    }
  }
  return new Date(0).toISOString();
}

interface PackageFile {
  path: string;
  json: { version?: string; buildTime?: string; gitCommit?: string };
}

/** Walks up from this file to the project's package.json (works from src, dist and dist-test). */
function findPackageJson(): PackageFile | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const json = JSON.parse(readFileSync(path, 'utf8')) as PackageFile['json'] & { name?: string };
      if (json.name === 'icarus-ts') return { path, json };
    }
    dir = dirname(dir);
  }
  return undefined;
}
