import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const MAX_DEPTH = 4;

/**
 * First file named cassandra*.yaml under the directories, in order; within a directory, files
 * before subdirectories and names sorted, so the answer is stable. Icarus walks /var/lib/cassandra
 * with no order; depth is bounded so a data directory with millions of files is not walked.
 */
export async function findCassandraYaml(dirs: string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const found = await search(dir, 0);
    if (found) return found;
  }
  return undefined;
}

async function search(dir: string, depth: number): Promise<string | undefined> {
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return undefined;
  }
  const file = entries.find((e) => e.isFile() && e.name.startsWith('cassandra') && e.name.endsWith('.yaml'));
  if (file) return join(dir, file.name);
  if (depth >= MAX_DEPTH) return undefined;
  for (const sub of entries.filter((e) => e.isDirectory() && !['data', 'commitlog', 'hints', 'saved_caches'].includes(e.name))) {
    const found = await search(join(dir, sub.name), depth + 1);
    if (found) return found;
  }
  return undefined;
}
