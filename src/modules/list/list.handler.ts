import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { buildReport } from '../../backups/backup-report.js';
import { NodeManifests } from '../../backups/node-manifests.js';
import { resolveNodeLocation } from '../../backups/node-location.js';
import { renderReportJson, renderReportSimple, renderReportTable } from '../../backups/report-format.js';
import { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { toPath } from '../../operations/path-fields.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation } from '../../storage/index.js';
import { ListRequest } from './list.request.js';
import { ListResult } from './list.result.js';

/** Lists a node's backups (§4.15): newest first, sizes, reclaimable space, totals. */
@OperationHandlerFor({ type: OperationType.List, request: ListRequest, result: ListResult, resumable: true, role: 'operate' })
@Injectable()
export class ListHandler implements OperationHandler<ListRequest> {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(EndpointSnitchInfo) private readonly snitch: EndpointSnitchInfo,
  ) {}

  async precheck(request: ListRequest): Promise<void> {
    if (!request.resolveNodes && !StorageLocation.parse(request.storageLocation).complete) {
      throw ValidationError.forField('storageLocation', 'You have to specify full path to a node to list!');
    }
  }

  async run(context: OperationContext<ListRequest>): Promise<Record<string, unknown> | void> {
    const { request } = context;
    let location = StorageLocation.parse(request.storageLocation);
    if (request.resolveNodes) location = await resolveNodeLocation(location, this.storage, this.snitch);
    const provider = createStorageProvider(location, storageOptionsOf(request, this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      await provider.ensureBucket();
      const cacheDir = request.cacheDir ? toPath(request.cacheDir) : join(homedir(), '.esop');
      const manifests = await new NodeManifests(provider, location, cacheDir).readAll({ cacheOnly: request.skipDownload });
      const report = buildReport(manifests, { fromTimestamp: request.fromTimestamp, lastN: request.lastN });
      if (request.toRequest) return { response: report };
      const text = request.json
        ? renderReportJson(report, request)
        : request.simpleFormat
          ? renderReportSimple(report)
          : renderReportTable(report, request);
      if (request.toFile) {
        await mkdir(dirname(toPath(request.toFile)), { recursive: true });
        await writeFile(toPath(request.toFile), text);
      } else {
        context.output(text);
      }
    } finally {
      await provider.close();
    }
  }
}
