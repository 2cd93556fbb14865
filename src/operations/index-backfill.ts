import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OperationKeys } from '../queues/operation-keys.js';
import { ALL_JOB_STATES, type OperationJob } from './operation-job.js';

/**
 * Gives index entries to the jobs created before the indexes existed (a sidecar upgraded over a
 * Redis that still holds operations), once per queue: afterwards every job is indexed when added.
 * Their creation µs come from creationTime, with the sequence as tie-break within a millisecond.
 * Returns how many jobs it indexed.
 */
export async function backfillIndexes(queue: Queue, redis: Redis, keys: OperationKeys): Promise<number> {
  if (await redis.get(keys.indexVersion)) return 0;
  let indexed = 0;
  for (const state of ALL_JOB_STATES) {
    const jobs = ((await queue.getJobs([state], 0, -1)) as OperationJob[]).filter(Boolean);
    for (let i = 0; i < jobs.length; i += 1000) {
      const multi = redis.multi();
      for (const job of jobs.slice(i, i + 1000)) {
        const created = Date.parse(job.data?.creationTime ?? '') || job.timestamp;
        const micros = created * 1000 + ((job.data?.sequence ?? 0) % 1000);
        // NX: a job indexed when it was added keeps its own entry.
        multi.zadd(keys.byCreation, 'NX', micros, job.id!).zadd(`${keys.byTypePrefix}${job.name}`, 'NX', micros, job.id!).sadd(keys.indexedTypes, job.name);
      }
      await multi.exec();
    }
    indexed += jobs.length;
  }
  await redis.set(keys.indexVersion, '1');
  return indexed;
}
