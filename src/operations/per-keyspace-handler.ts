import { Inject } from '@nestjs/common';
import { SchemaCheck } from '../cassandra/schema-check.js';
import { StorageService } from '../cassandra/storage-service.js';
import { runPerKeyspace, targetKeyspaces } from './keyspace-steps.js';
import type { OperationContext, OperationHandler } from './operation-handler.js';
import { checkKeyspaceAndTables } from './prechecks.js';

/** Requests of nodetool-style commands on "a keyspace (or all non-system ones) and maybe some tables". */
export interface KeyspaceTablesRequest {
  keyspace?: string;
  tables?: string[];
}

/**
 * Shared shape of flush, cleanup, scrub and upgradesstables: names checked at the door, then one
 * JMX call per target keyspace with progress, cancellation and resume between keyspaces.
 * Subclasses say only what to do to one keyspace.
 */
export abstract class PerKeyspaceHandler<R extends KeyspaceTablesRequest> implements OperationHandler<R> {
  constructor(
    @Inject(StorageService) protected readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  precheck(request: R): Promise<void> {
    return checkKeyspaceAndTables(this.schema, request.keyspace, request.tables);
  }

  async run(context: OperationContext<R>): Promise<void> {
    const keyspaces = await targetKeyspaces(this.storage, context.request.keyspace);
    await runPerKeyspace(context, keyspaces, (keyspace) => this.runOn(keyspace, context.request, context.signal));
  }

  /** The JMX call for one keyspace; `request.tables` empty or absent means all its tables. */
  protected abstract runOn(keyspace: string, request: R, signal: AbortSignal): Promise<void>;
}
