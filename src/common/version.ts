import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sidecar's own version and build facts, from package.json and build-time env. */
export interface SidecarVersion {
  version: string;
  buildTime: string;
  gitCommit: string;
}

let cached: SidecarVersion | undefined;

export function sidecarVersion(): SidecarVersion {
  if (cached) return cached;
  const pkg = findPackageJson();
  cached = {
    version: `instaclustr-icarus ${pkg?.version ?? 'development build'}`,
    buildTime: pkg?.buildTime ?? 'unknown',
    gitCommit: pkg?.gitCommit ?? 'unknown',
  };
  return cached;
}

/** Walks up from this file to the project's package.json (works from src, dist and dist-test). */
function findPackageJson(): { version?: string; buildTime?: string; gitCommit?: string } | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'icarus-ts') return pkg;
    }
    dir = dirname(dir);
  }
  return undefined;
}
