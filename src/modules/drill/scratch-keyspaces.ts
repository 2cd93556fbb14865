import type { CqlSession } from '../../cassandra/cql-session.js';
import { OperationFailedError } from '../../common/errors.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import type { DrillTable } from './drill-backup.js';
import { createScratchKeyspace, createScratchTable, dropScratchKeyspace, requireScratchAbsent } from './drill-scratch.js';

const CREATED = 'drill:scratch';

/**
 * The scratch keyspaces of one drill operation. A keyspace is checkpointed as this drill's after it
 * was found absent and before it is created, so a run that dies at any point leaves a checkpoint
 * naming every keyspace it may have created, and nothing it did not create is ever dropped.
 */
export class ScratchKeyspaces {
  constructor(
    private readonly cql: CqlSession,
    private readonly context: OperationContext<unknown>,
  ) {}

  created(): string[] {
    return this.context.restore<string[]>(CREATED) ?? [];
  }

  /** Creates the scratch keyspaces and tables of `tables` (same replication, the backup's schema). */
  async create(tables: DrillTable[]): Promise<void> {
    const client = await this.cql.client();
    for (const keyspace of [...new Set(tables.map((t) => t.keyspace))]) {
      const scratch = tables.find((t) => t.keyspace === keyspace)!.scratchKeyspace;
      await requireScratchAbsent(client, scratch);
      await this.context.checkpoint(CREATED, [...this.created(), scratch]);
      await createScratchKeyspace(client, keyspace, scratch);
    }
    for (const t of tables) await createScratchTable(client, t, t.scratchKeyspace);
  }

  /** A node part of a cluster-wide drill: the coordinator created the scratch tables; they must be there. */
  async requireTables(tables: DrillTable[]): Promise<void> {
    const client = await this.cql.client();
    for (const t of tables) {
      const found = await client.execute('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?', [t.scratchKeyspace, t.table], { prepare: true });
      if (found.rows.length === 0) throw new OperationFailedError(`scratch table ${t.scratchKeyspace}.${t.table} does not exist (the cluster-wide drill creates it)`);
    }
  }

  /** Drops every scratch keyspace this drill created (in this run or an interrupted one). */
  async dropCreated(dataDirs: string[]): Promise<void> {
    const created = this.created();
    if (created.length === 0) return;
    const client = await this.cql.client();
    for (const scratch of created) await dropScratchKeyspace(client, scratch, dataDirs);
    await this.context.checkpoint(CREATED, []);
  }
}
