import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ValidationError } from '../../common/errors.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor, type PrecheckContext } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { refuseWhileActive, unlessUnavailable } from '../../operations/prechecks.js';
import { RebuildRequest } from './rebuild.request.js';

@OperationHandlerFor({ type: OperationType.Rebuild, request: RebuildRequest, resumable: false, role: 'operate' })
@Injectable()
export class RebuildHandler implements OperationHandler<RebuildRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: RebuildRequest, { active }: PrecheckContext): Promise<void> {
    if (request.specificTokens?.length && !request.keyspace) {
      throw ValidationError.forField('specificTokens', 'Cannot set specificTokens without specifying a keyspace');
    }
    refuseWhileActive(active, [OperationType.Rebuild], 'a rebuild is already under way');
    if (request.keyspace) await unlessUnavailable(() => this.schema.requireKeyspace(request.keyspace!));
  }

  async run({ request, signal }: OperationContext<RebuildRequest>): Promise<void> {
    await this.storage.rebuild(
      {
        sourceDC: request.sourceDC,
        keyspace: request.keyspace,
        specificTokens: request.specificTokens,
        specificSources: request.specificSources,
      },
      { signal },
    );
  }
}
