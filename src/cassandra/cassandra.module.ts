import { Global, Module } from '@nestjs/common';
import { SidecarConfig } from '../config/sidecar-config.js';
import { ClusterHealth } from './cluster-health.js';
import { ColumnFamilyStore } from './column-family-store.js';
import { CqlSession } from './cql-session.js';
import { EndpointSnitchInfo } from './endpoint-snitch-info.js';
import { FailureDetector } from './failure-detector.js';
import { JolokiaClient } from './jolokia.client.js';
import { Repairs } from './repairs.js';
import { ReplicaRanges } from './replica-ranges.js';
import { SchemaCheck } from './schema-check.js';
import { Snapshots } from './snapshots.js';
import { StorageProxy } from './storage-proxy.js';
import { StorageService } from './storage-service.js';
import { Topology } from './topology.js';

/** Provides the Jolokia client and the MBean facades to operation modules and resources. */
@Global()
@Module({
  providers: [
    { provide: JolokiaClient, inject: [SidecarConfig], useFactory: (c: SidecarConfig) => new JolokiaClient(c.jolokia) },
    { provide: StorageService, inject: [JolokiaClient], useFactory: (j: JolokiaClient) => new StorageService(j) },
    { provide: EndpointSnitchInfo, inject: [JolokiaClient], useFactory: (j: JolokiaClient) => new EndpointSnitchInfo(j) },
    {
      provide: ColumnFamilyStore,
      inject: [JolokiaClient, StorageService],
      useFactory: (j: JolokiaClient, s: StorageService) => new ColumnFamilyStore(j, s),
    },
    { provide: Snapshots, inject: [JolokiaClient, StorageService], useFactory: (j: JolokiaClient, s: StorageService) => new Snapshots(j, s) },
    {
      provide: SchemaCheck,
      inject: [StorageService, ColumnFamilyStore],
      useFactory: (s: StorageService, t: ColumnFamilyStore) => new SchemaCheck(s, t),
    },
    { provide: FailureDetector, inject: [JolokiaClient], useFactory: (j: JolokiaClient) => new FailureDetector(j) },
    { provide: StorageProxy, inject: [JolokiaClient], useFactory: (j: JolokiaClient) => new StorageProxy(j) },
    { provide: Repairs, inject: [JolokiaClient], useFactory: (j: JolokiaClient) => new Repairs(j) },
    { provide: ReplicaRanges, inject: [JolokiaClient], useFactory: (j: JolokiaClient) => new ReplicaRanges(j) },
    {
      provide: CqlSession,
      inject: [SidecarConfig, StorageService, FailureDetector, EndpointSnitchInfo],
      useFactory: (c: SidecarConfig, s: StorageService, f: FailureDetector, e: EndpointSnitchInfo) => new CqlSession(c.cql, s, f, e),
    },
    {
      provide: ClusterHealth,
      inject: [StorageService, FailureDetector, StorageProxy],
      useFactory: (s: StorageService, f: FailureDetector, p: StorageProxy) => new ClusterHealth(s, f, p),
    },
    {
      provide: Topology,
      inject: [StorageService, EndpointSnitchInfo],
      useFactory: (s: StorageService, e: EndpointSnitchInfo) => new Topology(s, e),
    },
  ],
  exports: [
    JolokiaClient, StorageService, EndpointSnitchInfo, ColumnFamilyStore, Snapshots, SchemaCheck, Topology,
    FailureDetector, StorageProxy, Repairs, ClusterHealth, ReplicaRanges, CqlSession,
  ],
})
export class CassandraModule {}
