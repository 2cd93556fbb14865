import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SpaceNeed } from '../../common/disk-space.js';
import type { ArchivedSegment } from './segment-window.js';

/**
 * What a commit-log restore writes, so it can fail before it changes anything: the segments still
 * to download; the copy of each Cassandra makes into its commit-log directory when it starts
 * (restore_command `cp -f %from %to`); and, when the commit-log directory is a mount of its own,
 * the live files moved aside into its parent's filesystem.
 */
export async function commitlogSpaceNeeds(segments: readonly ArchivedSegment[], downloadDir: string, commitLogDir: string): Promise<SpaceNeed[]> {
  let toFetch = 0;
  for (const s of segments) {
    const size = await stat(join(downloadDir, s.fileName)).then((st) => st.size, () => -1);
    if (size !== s.size) toFetch += s.size;
  }
  const total = segments.reduce((sum, s) => sum + s.size, 0);
  const needs: SpaceNeed[] = [
    { dirs: [downloadDir], bytes: toFetch, what: 'the segments to download' },
    { dirs: [commitLogDir], bytes: total, what: "Cassandra's copy of the segments when it starts" },
  ];
  const parent = dirname(resolve(commitLogDir));
  const [own, above] = await Promise.all([stat(commitLogDir).catch(() => null), stat(parent).catch(() => null)]);
  if (own && above && own.dev !== above.dev) needs.push({ dirs: [parent], bytes: await liveBytes(commitLogDir), what: 'the live commit log moved aside' });
  return needs;
}

async function liveBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (e.isFile()) total += (await stat(join(dir, e.name))).size;
  return total;
}
