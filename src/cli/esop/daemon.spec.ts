import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRate, repeatEvery } from './daemon.js';
import { FlagError } from './request-body.js';
import type { RunOutcome } from './run-operation.js';

describe('remove-backup daemon mode', () => {
  it('parses --rate as Esop does; 0 means once', () => {
    assert.equal(parseRate('0'), 0);
    assert.equal(parseRate('1d'), 86_400_000);
    assert.equal(parseRate('5minutes'), 300_000);
    assert.throws(() => parseRate('soon'), (err: Error) => err instanceof FlagError && /^--rate: /.test(err.message));
  });

  it('runs at once, again every rate, through failed runs, and ends successfully when stopped', async () => {
    const controller = new AbortController();
    const starts: number[] = [];
    const outcomes: RunOutcome[] = ['completed', 'failed', 'completed'];
    const result = await repeatEvery(20, controller.signal, async () => {
      starts.push(Date.now());
      if (starts.length === 3) controller.abort();
      return outcomes[starts.length - 1];
    });
    assert.equal(result, 'completed');
    assert.equal(starts.length, 3);
    assert.ok(starts[1] - starts[0] >= 15 && starts[2] - starts[1] >= 15, `runs ${starts.join(', ')} are a rate apart`);
  });

  it('stops waiting as soon as it is stopped', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    assert.equal(await repeatEvery(60_000, controller.signal, async () => 'completed'), 'completed');
    assert.ok(Date.now() - started < 5_000);
  });

  it('stops for good on a request that can never run', async () => {
    let runs = 0;
    const never = new AbortController().signal;
    assert.equal(await repeatEvery(1, never, async () => (++runs, 'invalid')), 'invalid');
    assert.equal(await repeatEvery(1, never, async () => (++runs, 'unavailable')), 'unavailable');
    assert.equal(runs, 2);
  });
});
