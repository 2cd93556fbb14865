import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ColumnFamilyStore, NODETOOL_IMPORT_DEFAULTS } from '../../cassandra/column-family-store.js';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ValidationError } from '../../common/errors.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { toPath } from '../../operations/path-fields.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { ImportRequest } from './import.request.js';

@OperationHandlerFor({ type: OperationType.Import, request: ImportRequest, resumable: false, role: 'admin' })
@Injectable()
export class ImportHandler implements OperationHandler<ImportRequest> {
  constructor(
    @Inject(ColumnFamilyStore) private readonly tables: ColumnFamilyStore,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: ImportRequest): Promise<void> {
    const dir = sourceDirectory(request);
    if (!(await isDirectory(dir))) {
      throw ValidationError.forField(request.tablePath ? 'tablePath' : 'sourceDir', `directory ${dir} does not exist on this node`);
    }
    await unlessUnavailable(async () => {
      await this.schema.requireTables(request.keyspace, [request.table], 'table');
      const version = await this.storage.cassandraVersion();
      if (version.major < 4) throw ValidationError.forField('type', `import needs Cassandra 4.0 or newer, this node runs ${version.major}.${version.minor}`);
    });
  }

  async run({ request: r, signal }: OperationContext<ImportRequest>): Promise<void> {
    const flags = {
      ...NODETOOL_IMPORT_DEFAULTS,
      resetLevel: !r.keepLevel,
      clearRepaired: !r.keepRepaired,
      verifySSTables: !(r.noVerify || r.quick),
      verifyTokens: !(r.noVerifyTokens || r.quick),
      invalidateCaches: !(r.noInvalidateCaches || r.quick),
      extendedVerify: r.extendedVerify && !r.quick,
      // Esop copies, so a failed import leaves the downloaded files for another try.
      copyData: true,
    };
    await this.tables.importNewSSTables(r.keyspace, r.table, [sourceDirectory(r)], flags, { signal });
  }
}

/** The directory to import: tablePath, else <sourceDir>/<keyspace>/<table>. */
function sourceDirectory(request: ImportRequest): string {
  if (request.tablePath) return toPath(request.tablePath);
  if (request.sourceDir) return join(toPath(request.sourceDir), request.keyspace, request.table);
  throw ValidationError.forField('sourceDir', 'sourceDir or tablePath is required');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
