import { Module } from '@nestjs/common';
import { ConfigController } from './config.controller.js';
import { StatusController } from './status.controller.js';
import { TopologyController } from './topology.controller.js';
import { VersionController } from './version.controller.js';

/** Node-information endpoints: /version, /status, /topology, /config. */
@Module({ controllers: [VersionController, StatusController, TopologyController, ConfigController] })
export class ResourcesModule {}
