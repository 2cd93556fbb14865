import { isSystemKeyspace } from '../../backups/entities.js';
import type { RestoreRequest } from './restore.request.js';

/**
 * Which system tables an IN_PLACE restore brings back when `entities` is empty (§4.13.1): the
 * schema with `newCluster` or `restoreSystemKeyspace`, system_auth with `restoreSystemAuth` or
 * `restoreSystemKeyspace`, every other system keyspace only with `restoreSystemKeyspace`.
 */
export function systemTableWanted(request: Pick<RestoreRequest, 'newCluster' | 'restoreSystemKeyspace' | 'restoreSystemAuth'>) {
  return (keyspace: string, table: string): boolean => {
    if (!isSystemKeyspace(keyspace)) return true;
    if (keyspace === 'system_schema' || (keyspace === 'system' && table.startsWith('schema_'))) return request.newCluster || request.restoreSystemKeyspace;
    if (keyspace === 'system_auth') return request.restoreSystemAuth || request.restoreSystemKeyspace;
    return request.restoreSystemKeyspace;
  };
}
