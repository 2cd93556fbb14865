import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ProgressDisplay } from './progress-display.js';

function display(tty: boolean, columns?: number) {
  const writes: string[] = [];
  const shown = new ProgressDisplay({ label: 'backup', tty, write: (t) => writes.push(t), columns: () => columns, now: () => Date.now() });
  return { shown, writes };
}

const transfer = (done: number) => ({ bytesTotal: 2_000_000, bytesTransferred: done });

describe('progress display', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'Date'], now: 0 }));
  afterEach(() => mock.timers.reset());

  it('redraws one terminal line in place, at most every 100 ms, and ends it with a newline', () => {
    const { shown, writes } = display(true);
    shown.update(0.1, transfer(200_000));
    assert.equal(writes.length, 1);
    assert.match(writes[0], /^\rbackup {2}\[##-+\] {2}10% {2}200\.0 kB \/ 2\.0 MB\x1b\[K$/);
    for (let i = 2; i <= 9; i++) {
      mock.timers.tick(10);
      shown.update(i / 10, transfer(i * 200_000));
    }
    assert.equal(writes.length, 1, 'updates within 100 ms are not drawn');
    mock.timers.tick(20);
    assert.equal(writes.length, 2);
    assert.match(writes[1], /90%/);
    mock.timers.tick(500);
    assert.equal(writes.length, 2, 'nothing changed, nothing redrawn');
    shown.finish('done');
    assert.match(writes[2], /100% {2}1\.8 MB \/ 2\.0 MB .*done in 1s/);
    assert.equal(writes[3], '\n');
  });

  it('cuts the bar to the terminal width', () => {
    const { shown, writes } = display(true, 30);
    shown.update(0.5, transfer(1_000_000));
    assert.equal(writes[0].replace('\r', '').replace('\x1b[K', '').length, 29);
  });

  it('clears the bar before other text and draws it again afterwards', () => {
    const { shown, writes } = display(true);
    shown.update(0.5);
    shown.aside(() => writes.push('a listing\n'));
    assert.deepEqual(writes.slice(1), ['\r\x1b[K', 'a listing\n']);
    mock.timers.tick(100);
    assert.match(writes[3], /^\rbackup .*50%/);
  });

  it('writes a plain line at the first report, then every 5 s, then a final one', () => {
    const { shown, writes } = display(false);
    shown.update(0.25, transfer(500_000));
    mock.timers.tick(4_000);
    shown.update(0.5, transfer(1_000_000));
    assert.deepEqual(writes, ['backup 25% 500.0 kB/2.0 MB\n']);
    mock.timers.tick(1_000);
    assert.match(writes[1], /^backup 50% 1\.0 MB\/2\.0 MB 125\.0 kB\/s ETA 8s\n$/);
    mock.timers.tick(5_000);
    assert.equal(writes.length, 3, 'a line every 5 s even without news');
    shown.finish('failed');
    assert.match(writes[3], /^backup 50% 1\.0 MB\/2\.0 MB 100\.0 kB\/s failed after 10s\n$/);
  });

  it('shows nothing for an operation that never reports progress', () => {
    const { shown, writes } = display(false);
    shown.finish('done');
    assert.deepEqual(writes, []);
  });
});
