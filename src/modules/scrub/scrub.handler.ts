import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { runPerKeyspace, targetKeyspaces } from '../../operations/keyspace-steps.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { checkKeyspaceAndTables } from '../../operations/prechecks.js';
import { ScrubRequest } from './scrub.request.js';

@OperationHandlerFor({ type: OperationType.Scrub, request: ScrubRequest, resumable: true })
@Injectable()
export class ScrubHandler implements OperationHandler<ScrubRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: ScrubRequest): Promise<void> {
    await checkKeyspaceAndTables(this.schema, request.keyspace, request.tables);
  }

  async run(context: OperationContext<ScrubRequest>): Promise<void> {
    const r = context.request;
    const keyspaces = await targetKeyspaces(this.storage, r.keyspace);
    const options = {
      disableSnapshot: r.disableSnapshot,
      skipCorrupted: r.skipCorrupted,
      checkData: !r.noValidate,
      reinsertOverflowedTTL: r.reinsertOverflowedTTL,
      jobs: r.jobs,
    };
    await runPerKeyspace(context, keyspaces, (ks) => this.storage.scrub(options, ks, r.tables ?? [], { signal: context.signal }));
  }
}
