import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { LimitExceededError } from '../common/errors.js';
import { DEFAULT_LIMITS } from '../config/limits.config.js';
import { operationKeys } from '../queues/operation-keys.js';
import type { OperationSummary } from './operation-handler.js';
import { OperationState } from './operation-state.js';
import { SubmissionLimits } from './submission-limits.js';

const pending = (type: string): OperationSummary => ({ id: type, type, state: OperationState.Pending, request: {} });

describe('SubmissionLimits', () => {
  let retained = 0;
  const redis = { zcard: async () => retained, call: async () => [] } as unknown as Redis;
  const limits = (max: Partial<typeof DEFAULT_LIMITS>) => new SubmissionLimits(redis, operationKeys('t'), { ...DEFAULT_LIMITS, ...max }, 60_000);

  it('counts what the read shows, submissions under way, and those that reached Redis after the read started', async () => {
    const caps = limits({ maxPendingPerType: 3 });
    const before = { active: [pending('a')], startedAt: performance.now() };
    const first = await caps.admit('a', before);
    await caps.admit('b', before);
    caps.settle(first);
    const second = await caps.admit('a', before);
    await assert.rejects(caps.admit('a', before), LimitExceededError, 'a (read) + first (settled after the read) + second (under way)');
    caps.drop(second);
    const later = { active: [pending('a'), pending('a')], startedAt: performance.now() };
    await caps.admit('a', later);
    await assert.rejects(caps.admit('a', later), /the most 'a' operations --max-pending-per-type allows \(3\)/);
  });

  it('counts submissions under way against the retained cap, and forgets dropped ones', async () => {
    retained = 4;
    const caps = limits({ maxRetainedOperations: 5 });
    const view = { active: [], startedAt: performance.now() };
    const admitted = await caps.admit('a', view);
    await assert.rejects(caps.admit('b', view), (err: unknown) => err instanceof LimitExceededError && err.retryAfterSeconds >= 1);
    caps.drop(admitted);
    caps.drop(admitted);
    await caps.admit('b', view);
  });
});
