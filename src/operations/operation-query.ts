import type { JobState } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OperationKeys } from '../queues/operation-keys.js';
import type { OperationJobData, RenderableJob } from './operation-job.js';
import { LIST_OPERATIONS_LUA } from './operation-query.lua.js';

/** What GET /operations (and the engine) may ask for: OR within types and within states, AND across. */
export interface OperationFilter {
  types?: string[];
  states?: string[];
  /** Only operations created at or after this instant (epoch ms). */
  since?: number;
  /** Skip this many matching operations (newest first). */
  offset?: number;
  /** At most this many; all when absent. */
  limit?: number;
}

/** One operation of a page, with what rendering it needs. */
export interface ListedOperation {
  job: RenderableJob;
  jobState: JobState;
  cancelRequestedAt?: number;
}

type Row = [string, JobState, string | null, string | null, string | null, string | null, string | null, string | null, string | null];

const COMMAND = 'icarusListOperations';

interface ListCommand {
  [COMMAND](byCreation: string, cancels: string, types: string, jobPrefix: string, typePrefix: string, filter: string): Promise<Row[]>;
}

/** Reads pages of operations from the indexes (see operation-query.lua.ts) in one round trip. */
export class OperationQuery {
  private readonly redis: Redis & ListCommand;

  constructor(redis: Redis, private readonly keys: OperationKeys) {
    redis.defineCommand(COMMAND, { numberOfKeys: 3, lua: LIST_OPERATIONS_LUA });
    this.redis = redis as Redis & ListCommand;
  }

  /** Matching operations, newest first, only the requested page read and returned. */
  async find(filter: OperationFilter = {}): Promise<ListedOperation[]> {
    const { keys } = this;
    const rows = await this.redis[COMMAND](
      keys.byCreation,
      keys.cancelRequests,
      keys.indexedTypes,
      keys.jobPrefix,
      keys.byTypePrefix,
      JSON.stringify({
        types: filter.types,
        states: filter.states,
        since: filter.since === undefined ? undefined : filter.since * 1000,
        offset: filter.offset,
        limit: filter.limit,
      }),
    );
    return rows.flatMap(toListed);
  }
}

/** A row into the job fields rendering reads, decoded as BullMQ decodes them; none if it vanished meanwhile. */
function toListed([id, jobState, cancelAt, name, data, progress, processedOn, finishedOn, failedReason]: Row): ListedOperation[] {
  if (data === null || name === null) return [];
  const job: RenderableJob = {
    id,
    name,
    data: JSON.parse(data) as OperationJobData,
    progress: JSON.parse(progress ?? '0') as RenderableJob['progress'],
    processedOn: processedOn ? Number(processedOn) : undefined,
    finishedOn: finishedOn ? Number(finishedOn) : undefined,
    failedReason: failedReason ?? undefined,
  };
  return [{ job, jobState, cancelRequestedAt: cancelAt ? Number(cancelAt) : undefined }];
}
