import type { ChainableCommander, Redis } from 'ioredis';
import type { OperationKeys } from './operation-keys.js';

/*
 * Indexes kept beside the operation jobs so listings cost what they return, not what is retained:
 * a sorted set of every operation by creation time and one per type. BullMQ's own state sets
 * (wait, active, completed, failed, …) are the state index. Entries are added in the same MULTI
 * that adds the job, and removed right after BullMQ removes jobs (expiry); readers skip and prune
 * an entry whose job is gone, so one left by a crash between the two costs nothing but a lookup.
 */

/** The next sequence number and a creation time in µs strictly after the previous one (Lua). */
const STAMP_LUA = `
local seq = redis.call('INCR', KEYS[1])
local now = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if now <= last then now = last + 1 end
local stamp = string.format('%.0f', now)
redis.call('SET', KEYS[2], stamp)
return {seq, stamp}
`;

/** Removes ids from every index and from the cancel requests (Lua: KEYS by-creation, indexed-types, cancel-requests; ARGV type prefix, ids…). */
const REMOVE_LUA = `
local types = redis.call('SMEMBERS', KEYS[2])
for first = 2, #ARGV, 500 do
  local chunk = {}
  for i = first, math.min(first + 499, #ARGV) do chunk[#chunk + 1] = ARGV[i] end
  redis.call('ZREM', KEYS[1], unpack(chunk))
  redis.call('HDEL', KEYS[3], unpack(chunk))
  for _, t in ipairs(types) do redis.call('ZREM', ARGV[1] .. t, unpack(chunk)) end
end
return #ARGV - 1
`;

/** When an operation was created: its sequence number and creation time (µs, strictly increasing per queue). */
export interface CreationStamp {
  sequence: number;
  micros: number;
}

/**
 * Hands out creation stamps. The time is this host's clock, kept strictly increasing in Redis so
 * the creation order is the submission order even within one millisecond or when the clock steps
 * back; `since` filters and newest-first listings then both read one sorted set.
 */
export async function stampCreation(redis: Redis, keys: OperationKeys, nowMs = Date.now()): Promise<CreationStamp> {
  const [sequence, micros] = (await redis.eval(STAMP_LUA, 2, keys.sequence, keys.lastCreation, String(nowMs * 1000))) as [number, string];
  return { sequence: Number(sequence), micros: Number(micros) };
}

/** Adds an operation's index entries to a MULTI (the one that adds its job). */
export function indexOperation(multi: ChainableCommander, keys: OperationKeys, id: string, type: string, micros: number): void {
  multi.zadd(keys.byCreation, micros, id).zadd(keys.byTypePrefix + type, micros, id).sadd(keys.indexedTypes, type);
}

/** Removes the index entries (and cancel requests) of operations whose jobs were removed. */
export async function unindexOperations(redis: Redis, keys: OperationKeys, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await redis.eval(REMOVE_LUA, 3, keys.byCreation, keys.indexedTypes, keys.cancelRequests, keys.byTypePrefix, ...ids);
}
