import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { indexOperation } from '../src/queues/operation-index.js';
import type { OperationKeys } from '../src/queues/operation-keys.js';

const BATCH = 500;

/**
 * Fills a sidecar's Redis with finished operations quickly: each one a copy of a real completed
 * operation's job hash (the shape BullMQ and the engine wrote), with its own id, creation time and
 * sequence, put in BullMQ's completed set and given index entries by the engine's own helper.
 * Creation times start an hour back (older than anything the sidecar creates during the bench);
 * finishedOn is now, so the expiry sweep keeps them for its period.
 */
export class RetainedFiller {
  private cursorMicros = (Date.now() - 3_600_000) * 1000;
  readonly ids: string[] = [];

  private constructor(
    private readonly redis: Redis,
    private readonly keys: OperationKeys,
    private readonly template: Record<string, string>,
  ) {}

  /** Copies operation `templateId` (COMPLETED) from now on. */
  static async from(redis: Redis, keys: OperationKeys, templateId: string): Promise<RetainedFiller> {
    const template = await redis.hgetall(keys.jobPrefix + templateId);
    if (!template.data || !(await redis.zscore(`${keys.jobPrefix}completed`, templateId))) {
      throw new Error(`operation ${templateId} is not a completed job to copy`);
    }
    return new RetainedFiller(redis, keys, template);
  }

  /** Adds finished operations until the sidecar retains `total`. */
  async fillTo(total: number): Promise<void> {
    const count = total - (await this.redis.zcard(this.keys.byCreation));
    if (count <= 0) return;
    let sequence = (await this.redis.incrby(this.keys.sequence, count)) - count;
    const data = JSON.parse(this.template.data) as Record<string, unknown>;
    for (let done = 0; done < count; done += BATCH) {
      const multi = this.redis.multi();
      for (let i = done; i < Math.min(count, done + BATCH); i++) {
        const id = randomUUID();
        const micros = (this.cursorMicros += 1000);
        const created = Math.floor(micros / 1000);
        const finished = Date.now();
        multi.hset(this.keys.jobPrefix + id, {
          ...this.template,
          data: JSON.stringify({ ...data, creationTime: new Date(created).toISOString(), sequence: ++sequence }),
          timestamp: String(created),
          processedOn: String(created + 1),
          finishedOn: String(finished),
        });
        multi.zadd(`${this.keys.jobPrefix}completed`, finished, id);
        indexOperation(multi, this.keys, id, this.template.name, micros);
        this.ids.push(id);
      }
      await multi.exec();
    }
  }
}
