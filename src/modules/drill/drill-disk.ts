import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OperationFailedError } from '../../common/errors.js';

interface Disk {
  dev: number;
  free: number;
  total: number;
}

/**
 * Refuses a drill whose restore would leave less than `minFreePercent` of a disk free: the backup's
 * bytes land twice, once downloaded and once imported into the data directory (the same disk twice
 * when both are on one). Cassandra and the live tables share the data disk: a drill must not be what
 * fills it.
 */
export async function requireDiskRoom(downloadDir: string, dataDir: string, bytes: number, minFreePercent: number): Promise<void> {
  const [download, data] = [await diskOf(downloadDir), await diskOf(dataDir)];
  const needs = download.dev === data.dev
    ? [{ disk: data, bytes: 2 * bytes, what: `${downloadDir} and ${dataDir}` }]
    : [{ disk: download, bytes, what: downloadDir }, { disk: data, bytes, what: dataDir }];
  for (const need of needs) {
    const after = need.disk.free - need.bytes;
    const floor = (need.disk.total * minFreePercent) / 100;
    if (after < floor) {
      const pct = Math.max(0, (100 * after) / need.disk.total).toFixed(1);
      throw new OperationFailedError(
        `refused: the drill needs ${need.bytes} bytes on the disk of ${need.what} (${need.disk.free} free of ${need.disk.total}), which would leave ${pct}% free, under minFreeDiskPercent ${minFreePercent}%; nothing was changed`,
      );
    }
  }
}

/** The filesystem holding `path`, or its nearest existing parent. */
async function diskOf(path: string): Promise<Disk> {
  let probe = path;
  for (;;) {
    try {
      const [s, fs] = [await stat(probe), await statfs(probe)];
      return { dev: s.dev, free: fs.bavail * fs.bsize, total: fs.blocks * fs.bsize };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(probe) === probe) throw err;
      probe = dirname(probe);
    }
  }
}
