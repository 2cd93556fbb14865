import { Inject, Injectable, Optional } from '@nestjs/common';
import { parseEntities } from '../../backups/entities.js';
import { drillRecordFile, type DrillMismatch, recordKey } from '../../backups/icarus-records.js';
import { CqlSession } from '../../cassandra/cql-session.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { errorMessage, OperationFailedError, ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { ClusterCoordinator } from '../../coordination/cluster-coordinator.js';
import type { PeerTarget } from '../../coordination/cluster-plan.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation, type StorageProvider } from '../../storage/index.js';
import { chooseDrillTables, type DrillTable, findDrillBackup } from './drill-backup.js';
import { nodeDrillBody } from './drill-request-bodies.js';
import type { DrillRequest } from './drill.request.js';
import { ScratchKeyspaces } from './scratch-keyspaces.js';

/** Fixed on the first run and checkpointed. */
interface GlobalDrillTarget {
  drillTime: number;
  clusterName: string;
  peers: PeerTarget[];
  backupName: string;
  tables: DrillTable[];
}

/** A node's drill record, as far as the cluster-wide result needs it. */
interface NodeRecord {
  ok: boolean;
  bytes: number;
  seconds: number;
  mismatches: DrillMismatch[];
  detail?: Array<{ table: string; ranges: Array<{ start: string; end: string; rows: number }> }>;
}

const GIB = 1024 ** 3;

/**
 * Cluster-wide drill: the coordinator creates the scratch keyspaces once (schema changes from every
 * node at once would race), every node's sidecar restores its own backup into them and checks its
 * token ranges, then the coordinator drops them and sums up the nodes' drill records: rows with each
 * token range counted once, bytes summed, the slowest node's time as the RTO.
 */
@Injectable()
export class GlobalDrill {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(CqlSession) private readonly cql: CqlSession,
    @Optional() @Inject(ClusterCoordinator) private readonly coordinator?: ClusterCoordinator,
  ) {}

  async precheck(request: DrillRequest): Promise<void> {
    const coordinator = this.requireCoordinator();
    parseEntities(request.entities);
    await unlessUnavailable(async () => {
      await coordinator.cluster(request.dc);
    });
  }

  async run(context: OperationContext<DrillRequest>): Promise<Record<string, unknown>> {
    const coordinator = this.requireCoordinator();
    const { request } = context;
    let target = context.restore<GlobalDrillTarget>('global');
    if (!target) {
      const { topology, peers } = await coordinator.cluster(request.dc);
      target = { drillTime: Date.now(), clusterName: topology.clusterName, peers, ...(await this.withProvider(request, (p) => this.findBackup(p, request, topology.clusterName, peers))) };
      await context.checkpoint('global', target);
    }
    const fixed = target;
    const scratch = new ScratchKeyspaces(this.cql, context);
    const dataDirs = await this.storage.allDataFileLocations();
    try {
      if (!context.restore<boolean>('drill:scratch-ready')) {
        await scratch.dropCreated(dataDirs); // what an interrupted first run may have half-made
        await scratch.create(fixed.tables);
        await context.checkpoint('drill:scratch-ready', true);
      }
      const outcome = await coordinator.run(context, async () => ({
        nodes: fixed.peers.map((peer) => ({ target: peer, request: nodeDrillBody(request, this.nodeLocation(request, fixed, peer).rawLocation, fixed.backupName, fixed.tables, fixed.drillTime) })),
        phases: [{ name: 'DRILL' }],
        nodeTimeoutMs: coordinator.nodeTimeoutMs(request.timeout),
      }));
      const summary = await this.withProvider(request, (p) => this.summarize(p, request, fixed));
      return { ...summary, ok: summary.ok && outcome.completed, ...outcome.view };
    } finally {
      await scratch.dropCreated(dataDirs);
    }
  }

  private async findBackup(provider: StorageProvider, request: DrillRequest, clusterName: string, peers: PeerTarget[]): Promise<{ backupName: string; tables: DrillTable[] }> {
    const misses: string[] = [];
    for (const peer of peers) {
      const location = StorageLocation.parse(request.storageLocation).update(clusterName, peer.dc, peer.hostId);
      try {
        const backup = await findDrillBackup(provider, location, request.snapshotTag);
        return { backupName: backup.name, tables: chooseDrillTables(backup.manifest, request.entities) };
      } catch (err) {
        misses.push(`${peer.address}: ${errorMessage(err)}`);
      }
    }
    throw new OperationFailedError(`no node of the cluster has backup ${request.snapshotTag}: ${misses.join('; ')}`);
  }

  /** The cluster's result from the nodes' drill records (a node without one failed, and says why in the errors). */
  private async summarize(provider: StorageProvider, request: DrillRequest, target: GlobalDrillTarget): Promise<Record<string, unknown>> {
    const mismatches: DrillMismatch[] = [];
    const rangeRows = new Map<string, number>();
    let [bytes, seconds, ok] = [0, 0, true];
    for (const peer of target.peers) {
      const key = this.nodeLocation(request, target, peer).nodeKey(recordKey(target.backupName, drillRecordFile(target.drillTime)));
      let record: NodeRecord;
      try {
        record = JSON.parse(await provider.downloadText(key)) as NodeRecord;
      } catch {
        ok = false;
        continue;
      }
      ok &&= record.ok;
      bytes += record.bytes;
      seconds = Math.max(seconds, record.seconds);
      mismatches.push(...record.mismatches.map((m) => ({ ...m, node: peer.address })));
      for (const t of record.detail ?? []) for (const r of t.ranges) rangeRows.set(`${t.table} ${r.start} ${r.end}`, r.rows);
    }
    const rows = [...rangeRows.values()].reduce((a, b) => a + b, 0);
    return {
      ok, rows, bytes, seconds, mismatches, backupName: target.backupName, time: new Date(target.drillTime).toISOString(),
      tables: target.tables.map((t) => `${t.keyspace}.${t.table}`),
      rtoSecondsPerGiB: bytes > 0 && seconds > 0 ? Math.round((seconds / (bytes / GIB)) * 1000) / 1000 : null,
    };
  }

  private nodeLocation(request: DrillRequest, target: { clusterName: string }, peer: PeerTarget): StorageLocation {
    return StorageLocation.parse(request.storageLocation).update(target.clusterName, peer.dc, peer.hostId);
  }

  private async withProvider<T>(request: DrillRequest, use: (provider: StorageProvider) => Promise<T>): Promise<T> {
    const provider = createStorageProvider(StorageLocation.parse(request.storageLocation), storageOptionsOf(request, this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      return await use(provider);
    } finally {
      await provider.close();
    }
  }

  private requireCoordinator(): ClusterCoordinator {
    if (!this.coordinator) throw ValidationError.forField('globalRequest', 'cluster-wide drills are run by a sidecar (icarus icarus), not by a one-shot command');
    return this.coordinator;
  }
}
