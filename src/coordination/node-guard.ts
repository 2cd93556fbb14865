import { Inject, Injectable } from '@nestjs/common';
import { FailureDetector } from '../cassandra/failure-detector.js';
import { StorageService } from '../cassandra/storage-service.js';
import type { OperationError } from '../operations/operation-state.js';
import type { PeerTarget } from './cluster-plan.js';
import { PeerClient } from './peer-client.js';

/**
 * Checked before each phase starts: every node of the operation is up as Cassandra's gossip sees it
 * (failure detector, unreachable members) and its sidecar answers. A phase started on a cluster with
 * a node down would fail half-way (or, for a restore, truncate tables that cannot be re-imported).
 */
@Injectable()
export class NodeGuard {
  constructor(
    @Inject(FailureDetector) private readonly failureDetector: FailureDetector,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(PeerClient) private readonly peers: PeerClient,
  ) {}

  /** One error per node that is down or whose sidecar does not answer, its address as source; empty when all are fine. */
  async problems(targets: PeerTarget[]): Promise<OperationError[]> {
    const [states, ring] = await Promise.all([this.failureDetector.simpleStates(), this.storage.membership()]);
    const unreachable = new Set(ring.unreachable);
    const sidecars = await Promise.all(targets.map((t) => this.peers.probe(t.url)));
    return targets.flatMap((t, i): OperationError[] => {
      if (states[t.address] === 'DOWN' || unreachable.has(t.address)) {
        return [{ source: t.address, message: `node ${t.address} (${t.hostId}) is down or unreachable as Cassandra's gossip sees it; the phase was not started` }];
      }
      const problem = sidecars[i];
      return problem ? [{ source: t.address, message: `the sidecar of node ${t.address} at ${t.url} does not answer (${problem}); the phase was not started` }] : [];
    });
  }
}
