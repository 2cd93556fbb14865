import type { JolokiaFailure, JolokiaKind } from '../metrics/sink.js';
import type { JolokiaRequest } from './jolokia.types.js';

/** A `type=` value as our facades write them (StorageService, Tables, ...); anything else is `other`. */
const MBEAN_TYPE = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;

/**
 * The bounded label of an ObjectName: its `type` key (`org.apache.cassandra.db:type=Tables,keyspace=ks,table=t`
 * → `Tables`), never the keyspace, table or other keys, which would make one series per table.
 */
export function mbeanGroup(mbean: string | undefined): string {
  if (mbean === undefined) return 'agent';
  const keys = mbean.slice(mbean.indexOf(':') + 1).split(',');
  const type = keys.find((k) => k.startsWith('type='))?.slice('type='.length);
  return type !== undefined && MBEAN_TYPE.test(type) ? type : 'other';
}

/** Kind and MBean group of one POST; `bulk`/`mixed` when its requests differ. */
export function callLabels(requests: readonly JolokiaRequest[]): { kind: JolokiaKind; group: string } {
  const kinds = new Set(requests.map((r) => r.type));
  const groups = new Set(requests.map(requestGroup));
  return {
    kind: kinds.size === 1 ? requests[0].type : 'bulk',
    group: groups.size === 1 ? [...groups][0] : 'mixed',
  };
}

export function requestGroup(request: JolokiaRequest): string {
  return 'mbean' in request ? mbeanGroup(request.mbean) : 'agent';
}

/** Why a call failed, remembered per error object so the client's catch can label it. */
const failures = new WeakMap<object, JolokiaFailure>();

export function tagFailure<E extends Error>(err: E, failure: JolokiaFailure): E {
  failures.set(err, failure);
  return err;
}

export function failureOf(err: unknown): JolokiaFailure {
  return (typeof err === 'object' && err !== null && failures.get(err)) || 'other';
}
