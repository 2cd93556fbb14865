import { resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { StorageService } from '../../cassandra/storage-service.js';
import { requireSpace } from '../../common/disk-space.js';
import { OperationFailedError, UnavailableError, ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor, type PrecheckContext } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { toPath } from '../../operations/path-fields.js';
import { refuseWhileActive } from '../../operations/prechecks.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation, type StorageProvider } from '../../storage/index.js';
import { replayList, restorePointInTime } from './archiving-properties.js';
import { commitlogSpaceNeeds } from './commitlog-space.js';
import { CommitlogRestoreRequest } from './commitlog-restore.request.js';
import { checkDownloadDirectory, checkDownloadDirectoryHoldsOnly, downloadSegments } from './segment-download.js';
import { moveCommitLogsAside } from './move-aside.js';
import { appendReplayList, writeArchivingProperties } from './restore-config.js';
import { archivedSegments, type ArchivedSegment, describeNoSegments, selectSegments } from './segment-window.js';
import { CommitlogRestoreResult } from './commitlog-restore.result.js';

/** Set once the free space was found enough: a resumed run has written part of it already. */
const SPACE_CHECKED = 'spaceChecked';

/** The commit-log directory and whether Cassandra told it (then it is running). */
interface CommitLogDirectory {
  path: string;
  fromCassandra: boolean;
}

/**
 * Restores archived commit logs for a point-in-time restore (§4.14): lists the node's segments,
 * keeps those of the time window plus the first one after it, moves the live commit-log files
 * aside, downloads the segments and writes commitlog_archiving.properties (and the replay list)
 * so that Cassandra replays them up to `timestampEnd` when it starts. Each step is recorded, so a
 * resumed run downloads only what is missing and never moves files aside twice.
 */
@OperationHandlerFor({ type: OperationType.CommitlogRestore, request: CommitlogRestoreRequest, result: CommitlogRestoreResult, resumable: true, role: 'admin' })
@Injectable()
export class CommitlogRestoreHandler implements OperationHandler<CommitlogRestoreRequest> {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
  ) {}

  async precheck(request: CommitlogRestoreRequest, { active }: PrecheckContext): Promise<void> {
    refuseWhileActive(active, [OperationType.CommitlogRestore], 'a commit-log restore is already under way');
    if (!StorageLocation.parse(request.storageLocation).complete) {
      throw ValidationError.forField('storageLocation', 'must name the node whose commit logs are restored (bucket/cluster/dc/node)');
    }
    if (request.timestampStart > request.timestampEnd) {
      throw ValidationError.forField('timestampStart', `must not be after timestampEnd (${request.timestampStart} > ${request.timestampEnd})`);
    }
    const commitLogDir = request.cassandraCommitLogDirectory ? toPath(request.cassandraCommitLogDirectory) : await this.askCommitLogDirectory();
    checkDownloadDirectory(resolve(toPath(request.commitlogDownloadDir)), resolve(commitLogDir));
  }

  async run(context: OperationContext<CommitlogRestoreRequest>): Promise<Record<string, unknown>> {
    const { request } = context;
    const location = StorageLocation.parse(request.storageLocation);
    const commitLogDir = await this.commitLogDirectory(context);
    const downloadDir = resolve(toPath(request.commitlogDownloadDir));
    const configDir = toPath(request.cassandraConfigDirectory);
    checkDownloadDirectory(downloadDir, commitLogDir.path);
    const provider = createStorageProvider(location, storageOptionsOf(request, this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      await provider.ensureBucket();
      const segments = await this.segments(context, provider, location);
      await checkDownloadDirectoryHoldsOnly(downloadDir, segments);
      if (!context.restore<boolean>(SPACE_CHECKED)) {
        await requireSpace(await commitlogSpaceNeeds(segments, downloadDir, commitLogDir.path), 'nothing was moved aside or downloaded');
        await context.checkpoint(SPACE_CHECKED, true);
      }
      let movedAside: string | null = null;
      if (commitLogDir.fromCassandra) {
        context.output(`Cassandra is running (it answered through Jolokia): the files of ${commitLogDir.path} were left in place, ` +
          'since moving them would break it; it flushes and removes them when it drains. Stop it before it starts with the restored segments.');
      } else {
        movedAside = await moveCommitLogsAside(commitLogDir.path, context);
        if (movedAside) context.output(`the files of ${commitLogDir.path} were moved to ${movedAside}`);
      }
      await downloadSegments(context, provider, segments, downloadDir);
      const pointInTime = restorePointInTime(request.timestampEnd);
      const properties = await writeArchivingProperties(configDir, downloadDir, pointInTime);
      context.output(`${properties} now restores ${segments.length} segment(s) from ${downloadDir} up to ${pointInTime} GMT at the next start ` +
        'of Cassandra. Remove its restore_* settings once the node is up: Cassandra replays them again at every start while they are there.');
      const replay = await this.writeReplayList(context, configDir);
      return {
        downloadedSegments: segments.length,
        segments: segments.map((s) => s.fileName),
        restorePointInTime: pointInTime,
        commitLogDirectory: commitLogDir.path,
        movedAsideTo: movedAside,
        ...replay,
      };
    } finally {
      await provider.close();
    }
  }

  /** The window's segments, listed once per operation (a resumed run restores the same ones). */
  private async segments(context: OperationContext<CommitlogRestoreRequest>, provider: StorageProvider, location: StorageLocation): Promise<ArchivedSegment[]> {
    const saved = context.restore<ArchivedSegment[]>('segments');
    if (saved) return saved;
    const { timestampStart: start, timestampEnd: end } = context.request;
    const all = archivedSegments(await provider.list(location.nodeKey('commitlog/')), location.nodePath);
    const selected = selectSegments(all, start, end);
    if (selected.length === 0) throw new OperationFailedError(describeNoSegments(all, start, end, `${location.rawLocation}/commitlog/`));
    await context.checkpoint('segments', selected);
    return selected;
  }

  private async writeReplayList(context: OperationContext<CommitlogRestoreRequest>, configDir: string): Promise<Record<string, unknown>> {
    const list = replayList(context.request.keyspaceTables);
    if (list === '') return {};
    const envFile = await appendReplayList(configDir, list);
    if (!envFile) {
      context.output(`${configDir}/cassandra-env.sh does not exist, so the replay list was not written: start Cassandra with ` +
        `-Dcassandra.replayList=${list} (in JVM_OPTS or jvm-server.options), or every table in the segments is replayed.`);
    }
    return { replayList: list, cassandraEnvUpdated: envFile !== null };
  }

  private async commitLogDirectory(context: OperationContext<CommitlogRestoreRequest>): Promise<CommitLogDirectory> {
    const saved = context.restore<CommitLogDirectory>('commitLogDirectory');
    if (saved) return saved;
    const given = context.request.cassandraCommitLogDirectory;
    const dir = given ? { path: resolve(toPath(given)), fromCassandra: false } : { path: resolve(await this.askCommitLogDirectory()), fromCassandra: true };
    await context.checkpoint('commitLogDirectory', dir);
    return dir;
  }

  /** commitlog_directory from Cassandra; a 400 naming the field when Cassandra does not answer. */
  private async askCommitLogDirectory(): Promise<string> {
    try {
      return await this.storage.commitLogLocation();
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      throw ValidationError.forField('cassandraCommitLogDirectory', `is required while Cassandra does not answer through Jolokia (${err.message})`);
    }
  }
}
