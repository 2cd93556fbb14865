import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { commitlogObjectKey } from '../../backups/bucket-layout.js';
import { resolveNodeLocation } from '../../backups/node-location.js';
import { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { toPath } from '../../operations/path-fields.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { TransferProgress } from '../../operations/transfer-progress.js';
import { createStorageProvider, StorageLocation } from '../../storage/index.js';
import { CommitlogBackupRequest } from './commitlog-backup.request.js';
import { CommitlogBackupResult } from './commitlog-backup.result.js';

const SEGMENT = /^CommitLog-\d+-\d+\.log$/;

/**
 * Uploads commit-log segments (§4.14): one file, or every segment of the archive directory (when
 * it exists) or of the commit-log directory. Segments already uploaded with the same mtime are
 * skipped. Works with the node down unless the location must be resolved (`online`) or the
 * commit-log directory must be asked from Cassandra.
 */
@OperationHandlerFor({ type: OperationType.CommitlogBackup, request: CommitlogBackupRequest, result: CommitlogBackupResult, resumable: true, role: 'operate' })
@Injectable()
export class CommitlogBackupHandler implements OperationHandler<CommitlogBackupRequest> {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(EndpointSnitchInfo) private readonly snitch: EndpointSnitchInfo,
  ) {}

  async precheck(request: CommitlogBackupRequest): Promise<void> {
    if (!request.online && !StorageLocation.parse(request.storageLocation).complete) {
      throw ValidationError.forField('storageLocation', 'must name the node (bucket/cluster/dc/node) unless online is true');
    }
    if (request.commitLog && !(await isFile(toPath(request.commitLog)))) {
      throw ValidationError.forField('commitLog', `${request.commitLog} is not a file on this node`);
    }
  }

  async run(context: OperationContext<CommitlogBackupRequest>): Promise<Record<string, unknown>> {
    const { request, signal } = context;
    let location = StorageLocation.parse(request.storageLocation);
    if (request.online) location = await resolveNodeLocation(location, this.storage, this.snitch);
    const files = await this.segments(request);
    const provider = createStorageProvider(location, storageOptionsOf(request, this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      await provider.ensureBucket();
      const items = await Promise.all(
        files.map(async (path) => {
          const { mtimeMs, size } = await stat(path);
          return { key: location.nodeKey(commitlogObjectKey(basename(path), Math.trunc(mtimeMs))), path, size };
        }),
      );
      const progress = new TransferProgress(context, items.reduce((sum, i) => sum + i.size, 0));
      let uploaded = 0;
      await provider.uploadFiles(items, {
        signal,
        onProgress: (p) => progress.update(p.transferredBytes),
        onItemDone: (o) => void (o.skipped || uploaded++),
      });
      await progress.report(Date.now(), true);
      return { storageLocation: location.rawLocation, uploadedSegments: uploaded, skippedSegments: files.length - uploaded };
    } finally {
      await provider.close();
    }
  }

  /** The segment files to upload, by Esop's order of precedence. */
  private async segments(request: CommitlogBackupRequest): Promise<string[]> {
    if (request.commitLog && request.commitLog !== '/') return [toPath(request.commitLog)];
    const override = request.commitLogArchiveOverride ? toPath(request.commitLogArchiveOverride) : null;
    const dir = override && (await isDirectory(override))
      ? override
      : request.cassandraCommitLogDirectory
        ? toPath(request.cassandraCommitLogDirectory)
        : await this.storage.commitLogLocation();
    const names = await readdir(dir);
    return names.filter((n) => SEGMENT.test(n)).sort().map((n) => join(dir, n));
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}
