import { join } from 'node:path';
import type { Download } from './restore-download.js';

/** A backup file an IN_PLACE restore must leave in place, relative to a data directory. */
export interface WantedFile {
  /** `<ks>/<table>-<id>/[.<index>/]<file>`, in the table directory the restore writes to. */
  rel: string;
  /** The SSTable it belongs to (all of an SSTable's components must share one data directory). */
  sstable: string;
  objectKey: string;
  size: number;
  hash?: string;
}

/** A regular file found in a table directory the restore covers, and whether it holds the wanted content of its `rel`. */
export interface LocalFile {
  dataDir: string;
  rel: string;
  matches: boolean;
}

/** What IN_PLACE does to the data directories: three disjoint sets of absolute paths (downloads by target). */
export interface ReconciliationPlan {
  keep: string[];
  download: Download[];
  remove: string[];
}

/**
 * The one plan an IN_PLACE restore executes, so that every table it covers ends with exactly the
 * backup's files. A wanted file is kept where a local copy holds its content; each SSTable lives in
 * one data directory (the one holding most of its kept components, else the next in turn), so a
 * copy elsewhere is not kept; the rest is downloaded there. Every other local file is removed —
 * except one a download replaces at the same path (the download writes it; removing it afterwards
 * is how a Statistics.db rewritten in place used to vanish). The three sets are disjoint by
 * construction, and checked.
 */
export function reconcile(wanted: readonly WantedFile[], local: readonly LocalFile[], dataDirs: readonly string[]): ReconciliationPlan {
  const holders = new Map<string, string[]>(); // rel → data dirs with a matching copy, in data-dir order
  for (const dataDir of dataDirs) {
    for (const f of local) if (f.dataDir === dataDir && f.matches) holders.set(f.rel, [...(holders.get(f.rel) ?? []), dataDir]);
  }
  const bySSTable = new Map<string, WantedFile[]>();
  for (const w of wanted) bySSTable.set(w.sstable, [...(bySSTable.get(w.sstable) ?? []), w]);
  const keep: string[] = [];
  const download: Download[] = [];
  let next = 0;
  for (const files of bySSTable.values()) {
    const home = homeOf(files, holders, dataDirs) ?? dataDirs[next++ % dataDirs.length];
    for (const w of files) {
      const path = join(home, w.rel);
      if (holders.get(w.rel)?.includes(home)) keep.push(path);
      else download.push({ objectKey: w.objectKey, localPath: path, size: w.size, hash: w.hash });
    }
  }
  const kept = new Set(keep);
  const written = new Set(download.map((d) => d.localPath));
  const remove = local.map((f) => join(f.dataDir, f.rel)).filter((path) => !kept.has(path) && !written.has(path));
  assertDisjoint(keep, [...written], remove);
  return { keep, download, remove };
}

/** The data directory holding most kept components of an SSTable (the first of them on a tie), if any. */
function homeOf(files: readonly WantedFile[], holders: ReadonlyMap<string, string[]>, dataDirs: readonly string[]): string | undefined {
  let best: { dir: string; count: number } | undefined;
  for (const dir of dataDirs) {
    const count = files.filter((f) => holders.get(f.rel)?.includes(dir)).length;
    if (count > 0 && (!best || count > best.count)) best = { dir, count };
  }
  return best?.dir;
}

function assertDisjoint(keep: readonly string[], written: readonly string[], remove: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const [name, paths] of [['kept', keep], ['downloaded', written], ['removed', remove]] as const) {
    for (const path of paths) {
      const other = seen.get(path);
      if (other) throw new Error(`IN_PLACE plan is inconsistent: ${path} is both ${other} and ${name}`);
      seen.set(path, name);
    }
  }
}
