import type { ColumnFamilyStore } from '../cassandra/column-family-store.js';
import type { StorageService } from '../cassandra/storage-service.js';
import { ValidationError } from '../common/errors.js';
import type { DatabaseEntities } from './entities.js';

/**
 * Refuses entities the node does not have, with Esop's messages, as a 400 naming `entities`
 * (Esop accepted the request and failed it later).
 */
export async function requireEntitiesExist(entities: DatabaseEntities, storage: StorageService, tables: ColumnFamilyStore): Promise<void> {
  const keyspaces = new Set(await storage.keyspaces());
  const wanted = [...new Set([...entities.keyspaces, ...entities.tables.map((t) => t.keyspace)])];
  const missingKeyspaces = wanted.filter((k) => !keyspaces.has(k));
  if (missingKeyspaces.length > 0) {
    throw ValidationError.forField('entities', `Some keyspaces to process are not present in Cassandra: [${missingKeyspaces.join(', ')}]`);
  }
  const missingTables: string[] = [];
  for (const keyspace of new Set(entities.tables.map((t) => t.keyspace))) {
    const existing = new Set(await tables.tables(keyspace));
    for (const t of entities.tables) if (t.keyspace === keyspace && !existing.has(t.table)) missingTables.push(`${keyspace}.${t.table}`);
  }
  if (missingTables.length > 0) {
    throw ValidationError.forField('entities', `Tables [${missingTables.join(', ')}] to process are not present in Cassandra.`);
  }
}
