import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatDuration, type ProgressView, RateMeter, renderProgress } from './progress-line.js';

const halfway: ProgressView = {
  label: 'backup',
  fraction: 0.51,
  bytesTotal: 2_400_000_000,
  bytesTransferred: 1_224_000_000,
  bytesPerSecond: 35_200_000,
  etaSeconds: 34,
  status: 'running',
};

describe('progress line', () => {
  it('draws a bar for terminals and a plain line for logs', () => {
    assert.equal(renderProgress(halfway, 'bar'), 'backup  [##########----------]  51%  1.2 GB / 2.4 GB  35.2 MB/s  ETA 34s');
    assert.equal(renderProgress(halfway, 'plain'), 'backup 51% 1.2 GB/2.4 GB 35.2 MB/s ETA 34s');
  });

  it('shows only what is known: no bytes, no rate, no ETA', () => {
    const bare: ProgressView = { label: 'list', fraction: 0.05, status: 'running' };
    assert.equal(renderProgress(bare, 'bar'), 'list  [#-------------------]   5%');
    assert.equal(renderProgress(bare, 'plain'), 'list 5%');
    assert.equal(renderProgress({ ...halfway, bytesPerSecond: undefined, etaSeconds: undefined }, 'plain'), 'backup 51% 1.2 GB/2.4 GB');
  });

  it('ends with how it ended and how long it took', () => {
    const done: ProgressView = { ...halfway, fraction: 1, bytesTransferred: 2_400_000_000, status: 'done', elapsedSeconds: 68 };
    assert.equal(renderProgress(done, 'bar'), 'backup  [####################] 100%  2.4 GB / 2.4 GB  35.2 MB/s  done in 1m 08s');
    assert.equal(renderProgress({ ...halfway, status: 'failed', elapsedSeconds: 3 }, 'plain'), 'backup 51% 1.2 GB/2.4 GB 35.2 MB/s failed after 3s');
    assert.equal(renderProgress({ ...halfway, status: 'cancelled', elapsedSeconds: 0.4 }, 'plain'), 'backup 51% 1.2 GB/2.4 GB 35.2 MB/s cancelled after 0s');
  });

  it('clamps fractions out of range', () => {
    assert.match(renderProgress({ label: 'x', fraction: 7, status: 'running' }, 'plain'), /^x 100%$/);
    assert.match(renderProgress({ label: 'x', fraction: Number.NaN, status: 'running' }, 'plain'), /^x 0%$/);
  });

  it('formats bytes in SI units and durations compactly', () => {
    assert.deepEqual([0, 999, 1000, 1_234_567, 999_999, 35_200_000, 2.4e12].map(formatBytes),
      ['0 B', '999 B', '1.0 kB', '1.2 MB', '1.0 MB', '35.2 MB', '2.4 TB']);
    assert.deepEqual([0, 34, 122, 3780, 187_200].map(formatDuration), ['0s', '34s', '2m 02s', '1h 03m', '2d 04h']);
  });

  it('measures the rate over a recent window and restarts when the count goes back', () => {
    const meter = new RateMeter(5_000);
    meter.add(0, 0);
    assert.equal(meter.rate(), undefined);
    meter.add(1_000, 10_000_000);
    assert.equal(meter.rate(), 10_000_000);
    meter.add(10_000, 20_000_000);
    meter.add(11_000, 40_000_000);
    assert.equal(meter.rate(), 20_000_000, 'samples older than the window are dropped');
    meter.add(12_000, 5);
    assert.equal(meter.rate(), undefined);
  });
});
