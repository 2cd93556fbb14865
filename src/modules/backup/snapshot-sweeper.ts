import { Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { backupStateDir } from '../../backups/backup-state.js';
import { type SnapshotLease, SnapshotRegistry } from '../../backups/snapshot-registry.js';
import { Snapshots } from '../../cassandra/snapshots.js';
import { errorMessage } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { OperationsQueue } from '../../queues/operations-queue.js';

/**
 * At start (server or CLI), clears the snapshots of backups whose process died before clearing
 * them (kill -9, OOM): a snapshot pins disk space as long as it exists. Never one a backup still
 * reads: the snapshot of a sidecar's backup that is still waiting or running in the queue (the
 * restarted sidecar resumes it, from that snapshot, and clears it at its end) stays; so does every
 * sidecar backup's when the queue cannot be asked (a CLI start, Redis not answering).
 */
@Injectable()
export class SnapshotSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('backup');

  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(Snapshots) private readonly snapshots: Snapshots,
    @Optional() @Inject(OperationsQueue) private readonly queue?: OperationsQueue,
  ) {}

  /** In the background: Jolokia may be slow or down at start, which must not hold the sidecar back. */
  onApplicationBootstrap(): void {
    void this.sweep().catch((err: unknown) => this.logger.warn({ msg: 'snapshot sweep failed', error: errorMessage(err) }));
  }

  async sweep(): Promise<void> {
    const registry = new SnapshotRegistry(backupStateDir(this.config.server.dataDir));
    for (const lease of await registry.abandoned()) {
      if (await this.mayResume(lease)) {
        this.logger.log({ msg: 'left the snapshot of an interrupted backup to the backup, which resumes', snapshot: lease.tag, operationId: lease.owner });
        continue;
      }
      try {
        await this.snapshots.clear(lease.tag);
        await registry.release(lease.tag);
        this.logger.log({ msg: 'cleared the snapshot of an interrupted backup', snapshot: lease.tag, operationId: lease.owner });
      } catch (err) {
        this.logger.warn({ msg: 'could not clear a left-over backup snapshot; will try at the next start', snapshot: lease.tag, error: errorMessage(err) });
      }
    }
  }

  /** Whether the lease's backup may still run from its snapshot: a sidecar operation not finished in the queue. */
  private async mayResume(lease: SnapshotLease): Promise<boolean> {
    if (lease.resumable === false) return false;
    if (!this.queue) return lease.resumable === true;
    try {
      return !['completed', 'failed', 'unknown'].includes(await this.queue.queue.getJobState(lease.owner));
    } catch {
      return true;
    }
  }
}
