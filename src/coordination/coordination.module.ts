import { Global, Module } from '@nestjs/common';
import { ActiveCoordinations } from './active-coordinations.js';
import { ClusterCoordinator } from './cluster-coordinator.js';
import { ClusterPeerFinder } from './cluster-peers.js';
import { CoordinatedOperations } from './coordinated-operations.js';
import { CoordinationWorker } from './coordination.worker.js';
import { NodeGuard } from './node-guard.js';
import { NodeJobRunner } from './node-job.js';
import { PeerCredentials } from '../security/peer-credentials.js';
import { PeerClient } from './peer-client.js';
import { PhaseFlows } from './phase-flows.js';
import { PhaseGate } from './phase-gate.js';

/**
 * Cluster-wide fan-out for operation modules: ClusterCoordinator, and the worker running phase
 * gates and node jobs. Only the server has it (it needs Redis); `icarus esop` does not.
 */
@Global()
@Module({
  providers: [
    { provide: PeerClient, useFactory: (credentials?: PeerCredentials) => new PeerClient(credentials), inject: [{ token: PeerCredentials, optional: true }] },
    ActiveCoordinations,
    ClusterPeerFinder,
    CoordinatedOperations,
    NodeGuard,
    PhaseFlows,
    NodeJobRunner,
    PhaseGate,
    CoordinationWorker,
    ClusterCoordinator,
  ],
  exports: [ClusterCoordinator],
})
export class CoordinationModule {}
