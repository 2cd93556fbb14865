import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { drillRecordFile, type DrillMismatch, type DrillRecord, readDigestRecord, writeRecord } from '../../backups/icarus-records.js';
import { resolveNodeLocation } from '../../backups/node-location.js';
import { CqlSession } from '../../cassandra/cql-session.js';
import { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import { ReplicaRanges } from '../../cassandra/replica-ranges.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { CancelledError, errorMessage, OperationFailedError, throwIfCancelled } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { OperationsService } from '../../operations/operations.service.js';
import { toPath } from '../../operations/path-fields.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation } from '../../storage/index.js';
import { chooseDrillTables, type DrillTable, findDrillBackup } from './drill-backup.js';
import { checkScratchTables, type TableCheck } from './drill-check.js';
import { requireDiskRoom } from './drill-disk.js';
import { restoreBody } from './drill-request-bodies.js';
import { DrillRestores, type PhaseEnd } from './drill-restores.js';
import { ScratchKeyspaces } from './scratch-keyspaces.js';
import type { DrillRequest } from './drill.request.js';

const GIB = 1024 ** 3;

/**
 * One node's drill: its backup of the chosen tables restored (IMPORT, renamed) into scratch tables,
 * timed, checked, then the scratch tables and the download removed — in a `finally`, and again by a
 * resumed run after the sidecar died mid-drill (that run then starts the drill over). Writes
 * `icarus-records/<backup>/drill-<ms>.json` beside the backup.
 */
@Injectable()
export class NodeDrill {
  private readonly logger = new Logger('drill');

  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(EndpointSnitchInfo) private readonly snitch: EndpointSnitchInfo,
    @Inject(CqlSession) private readonly cql: CqlSession,
    @Inject(ReplicaRanges) private readonly ranges: ReplicaRanges,
    @Inject(OperationsService) private readonly operations: OperationsService,
  ) {}

  async run(context: OperationContext<DrillRequest>): Promise<Record<string, unknown>> {
    const { request, signal } = context;
    const restores = new DrillRestores(this.operations, context);
    const scratch = new ScratchKeyspaces(this.cql, context);
    const downloadDir = request.downloadDir ? toPath(request.downloadDir) : join(this.config.server.dataDir, 'drills', context.id);
    const dataDirs = await this.storage.allDataFileLocations();
    if (context.resumed) await this.clearInterruptedRun(restores, scratch, downloadDir, dataDirs);
    const drillTime = request.drillTime ?? Date.now();

    let location = StorageLocation.parse(request.storageLocation);
    if (!location.complete) location = await resolveNodeLocation(location, this.storage, this.snitch);
    const provider = createStorageProvider(location, storageOptionsOf(request, this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      const backup = await findDrillBackup(provider, location, request.snapshotTag);
      const tables = chooseDrillTables(backup.manifest, request.entities);
      const bytes = tables.reduce((sum, t) => sum + t.bytes, 0);
      await requireDiskRoom(downloadDir, dataDirs[0], bytes, request.minFreeDiskPercent);
      const digests = await readDigestRecord(provider, location, backup.name);
      let outcome: { seconds: number; checks: TableCheck[]; mismatches: DrillMismatch[] };
      try {
        if (request.scratchReady) await scratch.requireTables(tables);
        else await scratch.create(tables);
        const restoreOf = (phase: string): Record<string, unknown> => restoreBody(request, location.rawLocation, backup.name, tables, downloadDir, phase);
        outcome = await this.restoreAndCheck(restores, restoreOf, tables, digests, request, signal);
      } finally {
        await this.cleanUp(restores, scratch, downloadDir, dataDirs, !request.scratchReady);
      }
      throwIfCancelled(signal);
      const rows = outcome.checks.reduce((sum, c) => sum + c.rows, 0);
      const record: DrillRecord = {
        ok: outcome.mismatches.length === 0,
        time: new Date(drillTime).toISOString(),
        backupName: backup.name,
        tables: tables.map((t) => `${t.keyspace}.${t.table}`),
        rows,
        bytes,
        seconds: round(outcome.seconds),
        rtoSecondsPerGiB: bytes > 0 && outcome.seconds > 0 ? round(outcome.seconds / (bytes / GIB)) : null,
        check: digests ? 'digest' : 'verify',
        mismatches: outcome.mismatches,
      };
      const detail = outcome.checks.map(({ table, check, rows: r, ranges, note }) => ({ table, check, rows: r, ranges, ...(note ? { note } : {}) }));
      await writeRecord(provider, location, backup.name, drillRecordFile(drillTime), { ...record, detail });
      return { ...record, storageLocation: location.rawLocation, detail };
    } finally {
      await provider.close();
    }
  }

  /** Restores DOWNLOAD then IMPORT (the timed part: what a restore of these tables takes), then checks what arrived. */
  private async restoreAndCheck(
    restores: DrillRestores,
    restoreOf: (phase: string) => Record<string, unknown>,
    tables: DrillTable[],
    digests: Awaited<ReturnType<typeof readDigestRecord>>,
    request: DrillRequest,
    signal: AbortSignal,
  ): Promise<{ seconds: number; checks: TableCheck[]; mismatches: DrillMismatch[] }> {
    let seconds = 0;
    const spans: Record<string, [number, number]> = { DOWNLOAD: [0, 0.6], IMPORT: [0.6, 0.8] };
    for (const phase of ['DOWNLOAD', 'IMPORT']) {
      const end = await restores.run(`drill:restore:${phase}`, restoreOf(phase), spans[phase]);
      seconds += end.seconds;
      throwIfCancelled(signal);
      if (end.state !== 'COMPLETED') return { seconds, checks: [], mismatches: restoreMismatches(phase, end) };
    }
    const checks = await checkScratchTables({ client: await this.cql.client(), ranges: this.ranges }, tables, digests, { extendedVerify: request.extendedVerify, signal });
    return { seconds, checks, mismatches: checks.flatMap((c) => c.mismatches) };
  }

  /** Every step is tried; what could not be removed fails the drill, named (a resumed or later run retries it). */
  private async cleanUp(restores: DrillRestores, scratch: ScratchKeyspaces, downloadDir: string, dataDirs: string[], dropScratch: boolean): Promise<void> {
    const failed: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      await step().catch((err: unknown) => failed.push(`${what}: ${errorMessage(err)}`));
    };
    await attempt('stopping its restores', () => restores.stopAll());
    if (dropScratch) await attempt('dropping the scratch keyspaces', () => scratch.dropCreated(dataDirs));
    await attempt(`removing ${downloadDir}`, () => rm(downloadDir, { recursive: true, force: true }));
    if (failed.length > 0) {
      this.logger.warn({ msg: 'drill clean-up incomplete', failed });
      throw new OperationFailedError(`the drill could not clean up after itself: ${failed.join('; ')}`);
    }
  }

  /** A run that died mid-drill left restores, scratch keyspaces and downloads: remove them, then drill again from the start. */
  private async clearInterruptedRun(restores: DrillRestores, scratch: ScratchKeyspaces, downloadDir: string, dataDirs: string[]): Promise<void> {
    this.logger.log({ msg: 'resumed drill: removing what the interrupted run left, then drilling again' });
    await this.cleanUp(restores, scratch, downloadDir, dataDirs, true);
    await restores.forget();
  }
}

/** A restore phase that did not complete: the drill's finding, naming the objects its errors name. */
function restoreMismatches(phase: string, end: PhaseEnd): DrillMismatch[] {
  if (end.state === 'CANCELLED') throw new CancelledError();
  const messages = end.errors.length > 0 ? end.errors : [`restore ${phase} ended ${end.state}`];
  return messages.map((message) => {
    const file = /data\/[\w-]+\/[\w-]+\/[^\s,;:'"]+/.exec(message)?.[0];
    return { problem: 'restore', ...(file ? { file } : {}), message: `restore ${phase} (operation ${end.id}): ${message}` };
  });
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
