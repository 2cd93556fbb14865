import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { backupStateDir } from '../../backups/backup-state.js';
import { SnapshotRegistry } from '../../backups/snapshot-registry.js';
import { Snapshots } from '../../cassandra/snapshots.js';
import { errorMessage } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';

/**
 * At start (server or CLI), clears the snapshots of backups whose process died before clearing
 * them (kill -9, OOM): a snapshot pins disk space as long as it exists. A backup resumed after the
 * restart takes its snapshot again if this cleared it.
 */
@Injectable()
export class SnapshotSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('backup');

  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(Snapshots) private readonly snapshots: Snapshots,
  ) {}

  /** In the background: Jolokia may be slow or down at start, which must not hold the sidecar back. */
  onApplicationBootstrap(): void {
    void this.sweep().catch((err: unknown) => this.logger.warn({ msg: 'snapshot sweep failed', error: errorMessage(err) }));
  }

  async sweep(): Promise<void> {
    const registry = new SnapshotRegistry(backupStateDir(this.config.server.dataDir));
    for (const lease of await registry.abandoned()) {
      try {
        await this.snapshots.clear(lease.tag);
        await registry.release(lease.tag);
        this.logger.log({ msg: 'cleared the snapshot of an interrupted backup', snapshot: lease.tag, operationId: lease.owner });
      } catch (err) {
        this.logger.warn({ msg: 'could not clear a left-over backup snapshot; will try at the next start', snapshot: lease.tag, error: errorMessage(err) });
      }
    }
  }
}
