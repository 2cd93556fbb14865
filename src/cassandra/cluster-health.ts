import { OperationFailedError } from '../common/errors.js';
import type { FailureDetector } from './failure-detector.js';
import type { StorageProxy } from './storage-proxy.js';
import type { StorageService } from './storage-service.js';

/**
 * Esop's cluster health check, run before a restore downloads, truncates or imports: this node is
 * NORMAL, no node is down, joining, leaving, moving or unreachable, and all nodes agree on the
 * schema. A truncate or import on an unhealthy cluster would leave replicas disagreeing.
 */
export class ClusterHealth {
  constructor(
    private readonly storage: StorageService,
    private readonly failureDetector: FailureDetector,
    private readonly proxy: StorageProxy,
  ) {}

  /** Throws OperationFailedError with Esop's message for the first problem found. */
  async require(): Promise<void> {
    const mode = await this.storage.operationMode();
    if (mode !== 'NORMAL') throw new OperationFailedError(`This node is not in NORMAL mode! It is ${mode}.`);
    const { down } = await this.failureDetector.counts();
    if (down > 0) throw new OperationFailedError(`Failure detector of this node reports that ${down} node(s) in a cluster are down!`);
    const ring = await this.storage.membership();
    const moving = [...ring.joining, ...ring.leaving, ...ring.moving, ...ring.unreachable];
    if (moving.length > 0) {
      throw new OperationFailedError(`There are either joining, leaving, moving or unreachable nodes: ${[...new Set(moving)].join(', ')}`);
    }
    const versions = await this.proxy.schemaVersions();
    if (Object.keys(versions).length !== 1) throw new OperationFailedError(`There are nodes with different schemas: ${JSON.stringify(versions)}`);
  }
}
