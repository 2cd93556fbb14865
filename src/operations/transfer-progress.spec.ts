import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { TransferProgress } from './transfer-progress.js';

describe('TransferProgress', () => {
  it('reports bytes and an ETA from the recent rate, however many chunks arrive between samples', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    try {
      const reports: Array<{ fraction: number; transfer?: { bytesTransferred: number; etaSeconds?: number } }> = [];
      const progress = new TransferProgress({ progress: async (fraction, transfer) => void reports.push({ fraction, transfer }) }, 10_000);
      // 100 bytes per 10 ms for 2 s: 20,000 chunks would be one sample each without the sampling.
      for (let ms = 0; ms < 2000; ms += 10) {
        mock.timers.tick(10);
        progress.update((ms + 10) / 10 * 10);
      }
      await progress.report();
      const last = reports[reports.length - 1];
      assert.equal(last.transfer?.bytesTransferred, 2000);
      assert.equal(last.fraction, 0.2);
      // 1,000 bytes/s with 8,000 bytes to go.
      assert.ok(last.transfer?.etaSeconds !== undefined && Math.abs(last.transfer.etaSeconds - 8) <= 1, `eta ${last.transfer?.etaSeconds}`);
      await progress.report(Date.now(), true);
      assert.deepEqual(reports[reports.length - 1], { fraction: 1, transfer: { bytesTotal: 10_000, bytesTransferred: 10_000, etaSeconds: undefined } });
    } finally {
      mock.timers.reset();
    }
  });
});
