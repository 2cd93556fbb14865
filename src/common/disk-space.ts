import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OperationFailedError } from './errors.js';

/**
 * Bytes a step will write. `dirs` are where they may go: one directory, or several when the writer
 * picks among them (Cassandra's import spreads SSTables over the data directories by token range).
 */
export interface SpaceNeed {
  dirs: string[];
  bytes: number;
  /** What writes them, for the error: "the download", "Cassandra's copy of the imported SSTables". */
  what: string;
}

/** A filesystem: its id (st_dev), one directory on it, and its free bytes. */
export interface Filesystem {
  device: number;
  dir: string;
  free: number;
}

/**
 * The needs no filesystem can meet, as messages. Needs of one directory are added up per filesystem
 * (a download and the copy Cassandra makes of it may share one), then needs spread over several
 * directories must fit in what those filesystems have left between them. Pure, table-tested.
 */
export function shortfalls(needs: ReadonlyArray<SpaceNeed & { devices: number[] }>, filesystems: ReadonlyMap<number, Filesystem>): string[] {
  const left = new Map([...filesystems].map(([device, fs]) => [device, fs.free]));
  const used = new Map<number, Array<SpaceNeed>>();
  const problems: string[] = [];
  for (const need of needs.filter((n) => new Set(n.devices).size === 1 && n.bytes > 0)) {
    const device = need.devices[0];
    left.set(device, left.get(device)! - need.bytes);
    used.set(device, [...(used.get(device) ?? []), need]);
  }
  for (const [device, parts] of used) {
    if (left.get(device)! >= 0) continue;
    const fs = filesystems.get(device)!;
    const total = parts.reduce((sum, p) => sum + p.bytes, 0);
    const byWhat = new Map<string, number>();
    for (const p of parts) byWhat.set(p.what, (byWhat.get(p.what) ?? 0) + p.bytes);
    problems.push(`Not enough space on the filesystem holding ${fs.dir}: ${total} bytes needed (${[...byWhat].map(([what, bytes]) => `${what}: ${bytes}`).join(', ')}), ${fs.free} bytes free`);
  }
  for (const need of needs.filter((n) => new Set(n.devices).size > 1 && n.bytes > 0)) {
    const devices = [...new Set(need.devices)];
    const free = devices.reduce((sum, d) => sum + Math.max(0, left.get(d)!), 0);
    if (free < need.bytes) {
      const dirs = devices.map((d) => filesystems.get(d)!.dir).join(', ');
      problems.push(`Not enough space on the filesystems holding ${dirs}: ${need.bytes} bytes needed (${need.what}), ${free} bytes free between them`);
      continue;
    }
    // What it takes is gone for the next spread need: filled in order.
    let rest = need.bytes;
    for (const d of devices) {
      const take = Math.min(rest, Math.max(0, left.get(d)!));
      left.set(d, left.get(d)! - take);
      rest -= take;
    }
  }
  return problems;
}

/**
 * Fails with every shortfall (each names its filesystem and both numbers) before a step writes
 * anything: `outcome` says what was left untouched, e.g. "nothing was downloaded or truncated".
 */
export async function requireSpace(needs: readonly SpaceNeed[], outcome: string): Promise<void> {
  const filesystems = new Map<number, Filesystem>();
  const located: Array<SpaceNeed & { devices: number[] }> = [];
  for (const need of needs) {
    const devices: number[] = [];
    for (const dir of need.dirs) {
      const fs = await filesystemOf(dir);
      if (!filesystems.has(fs.device)) filesystems.set(fs.device, fs);
      devices.push(fs.device);
    }
    located.push({ ...need, devices });
  }
  const problems = shortfalls(located, filesystems);
  if (problems.length > 0) throw new OperationFailedError(`${problems.join('; ')}; ${outcome}`);
}

/** Free bytes (for unprivileged users) of the filesystem holding `dir`, or its nearest existing parent. */
export async function freeBytes(dir: string): Promise<number> {
  return (await filesystemOf(dir)).free;
}

async function filesystemOf(dir: string): Promise<Filesystem> {
  let probe = dir;
  for (;;) {
    try {
      const [info, fs] = await Promise.all([stat(probe), statfs(probe)]);
      return { device: info.dev, dir, free: fs.bavail * fs.bsize };
    } catch (err) {
      const parent = dirname(probe);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === probe) throw err;
      probe = parent;
    }
  }
}
