import { ValidationError } from '../common/errors.js';
import type { ColumnFamilyStore } from './column-family-store.js';
import { validateKeyspaceName, validateTableNames } from './names.js';
import type { StorageService } from './storage-service.js';

/**
 * Refuses requests naming keyspaces or tables the node does not have, before any operation runs
 * (read-only JMX calls). Unknown names are bad input (400), as they can never succeed as given.
 */
export class SchemaCheck {
  constructor(
    private readonly storageService: StorageService,
    private readonly tables: ColumnFamilyStore,
  ) {}

  async requireKeyspace(keyspace: string, field = 'keyspace'): Promise<void> {
    validateKeyspaceName(keyspace, field);
    const keyspaces = await this.storageService.keyspaces();
    if (!keyspaces.includes(keyspace)) throw ValidationError.forField(field, `keyspace ${keyspace} does not exist`);
  }

  /** Checks the keyspace and each named table; an empty list means all tables and only checks the keyspace. */
  async requireTables(keyspace: string, tables: string[] = [], field = 'tables'): Promise<void> {
    await this.requireKeyspace(keyspace);
    const names = validateTableNames(tables, field);
    if (names.length === 0) return;
    const existing = new Set(await this.tables.tables(keyspace));
    const missing = names.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      throw ValidationError.forField(field, `tables ${missing.join(', ')} do not exist in keyspace ${keyspace}`);
    }
  }
}
