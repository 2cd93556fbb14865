import { isAbsolute, relative, resolve } from 'node:path';
import type { DatabaseEntities } from '../../backups/entities.js';
import { ValidationError } from '../../common/errors.js';
import { toPath } from '../../operations/path-fields.js';
import type { RestoreRequest } from './restore.request.js';

/*
 * Esop's validation of a restore request (§2.4, §4.13.4), with its messages, done at the door (400)
 * instead of failing the operation later.
 */

function refuse(field: string, message: string): never {
  throw new ValidationError(message, [{ field, problem: message }]);
}

export function checkStrategyAndPhase(request: RestoreRequest): void {
  const inPlace = request.restorationStrategyType === 'IN_PLACE';
  if (inPlace && request.restorationPhase) {
    refuse('restorationPhase', 'IN_PLACE restores run in one go: restorationPhase must be absent (phases are for HARDLINKS and IMPORT)');
  }
  if (!inPlace && !request.restorationPhase) {
    refuse('restorationPhase', `${request.restorationStrategyType} restores run phase by phase: restorationPhase is one of INIT, DOWNLOAD, TRUNCATE, IMPORT, CLEANUP`);
  }
  if (!inPlace && !request.import?.sourceDir) refuse('import.sourceDir', `${request.restorationStrategyType} restores need import.sourceDir, the download directory`);
  if (!inPlace && request.restoreSystemKeyspace) {
    refuse('restoreSystemKeyspace', "you can not set 'restoreSystemKeyspace' to true when your restoration strategy is not IN_PLACE");
  }
  if (inPlace && Object.keys(request.rename).length > 0) refuse('rename', 'rename field can not be used for in-place strategy, only for import or hardlinks');
  if (inPlace && request.exactSchemaVersion && !request.schemaVersion) {
    refuse('schemaVersion', 'IN_PLACE with exactSchemaVersion needs schemaVersion: the node is down and cannot tell its own schema version');
  }
}

/** The download directory must not be a data directory, the Cassandra directory, nor inside one of them. */
export function checkDownloadDir(sourceDir: string, dataDirs: string[], cassandraDirectory: string | undefined): void {
  const dir = resolve(toPath(sourceDir));
  if (dir === '/') refuse('import.sourceDir', 'must not be the root directory');
  if (cassandraDirectory && dir === resolve(cassandraDirectory)) refuse('import.sourceDir', `must not be the Cassandra directory ${cassandraDirectory}`);
  const forbidden = [...dataDirs, ...(cassandraDirectory ? [`${cassandraDirectory}/data`] : [])];
  for (const dataDir of forbidden) {
    const rel = relative(resolve(dataDir), dir);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) refuse('import.sourceDir', `must not be, or be inside, the data directory ${dataDir}`);
    const back = relative(dir, resolve(dataDir));
    if (back === '' || (!back.startsWith('..') && !isAbsolute(back))) refuse('import.sourceDir', `must not contain the data directory ${dataDir}`);
  }
}

/** Esop's rename rules (§4.13.4); table existence is checked separately against the node. */
export function checkRename(rename: Record<string, string>, entities: DatabaseEntities): void {
  const pairs = Object.entries(rename);
  if (pairs.length === 0) return;
  const values = pairs.map(([, to]) => to);
  if (new Set(values).size !== values.length) refuse('rename', 'all values in rename map have to be distinct');
  for (const [from, to] of pairs) {
    if (from === to) refuse('rename', `Can not rename table ${from} to itself!`);
    if (rename[to] !== undefined) refuse('rename', 'rename map contains a value which is one of its key');
    if (values.includes(from)) refuse('rename', 'rename map contains a key which is one of its value');
  }
  if (entities.keyspaces.length === 0 && entities.tables.length === 0) refuse('entities', 'database entities are empty but renamed entities are not');
  if (entities.keyspaces.length > 0) refuse('entities', 'you can not use keyspace entities in connection with rename entities');
  const named = new Set(entities.tables.map((t) => `${t.keyspace}.${t.table}`));
  for (const [from, to] of pairs) {
    if (!named.has(from)) refuse('rename', `'from' part ${from} of rename map is not in database entities`);
    if (named.has(to)) refuse('rename', `'to' part ${to} of rename map is in database entities`);
  }
}
