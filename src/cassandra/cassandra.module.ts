import { Global, Module } from '@nestjs/common';
import { SidecarConfig } from '../config/sidecar-config.js';
import { ColumnFamilyStore } from './column-family-store.js';
import { EndpointSnitchInfo } from './endpoint-snitch-info.js';
import { JolokiaClient } from './jolokia.client.js';
import { SchemaCheck } from './schema-check.js';
import { Snapshots } from './snapshots.js';
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
    {
      provide: Topology,
      inject: [StorageService, EndpointSnitchInfo],
      useFactory: (s: StorageService, e: EndpointSnitchInfo) => new Topology(s, e),
    },
  ],
  exports: [JolokiaClient, StorageService, EndpointSnitchInfo, ColumnFamilyStore, Snapshots, SchemaCheck, Topology],
})
export class CassandraModule {}
