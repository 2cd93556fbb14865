import { Module } from '@nestjs/common';
import { ConfigController } from './config.controller.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { StatusController } from './status.controller.js';
import { TopologyController } from './topology.controller.js';
import { VersionController } from './version.controller.js';
import { WhoAmIController } from './whoami.controller.js';

/** Node-information endpoints: /version, /status, /topology, /config; probes /health/* and /metrics; /whoami. */
@Module({ controllers: [VersionController, StatusController, TopologyController, ConfigController, HealthController, MetricsController, WhoAmIController] })
export class ResourcesModule {}
