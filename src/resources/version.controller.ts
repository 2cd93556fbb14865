import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CassandraVersion } from '../cassandra/cassandra-version.js';
import { StorageService } from '../cassandra/storage-service.js';
import { sidecarVersion, type SidecarVersion } from '../common/version.js';

/** Icarus' /version endpoints: the sidecar's version, Cassandra's release and schema version. */
@ApiTags('node')
@Controller('version')
export class VersionController {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  @Get()
  @ApiOperation({ summary: 'Sidecar version, build time and git commit' })
  version(): SidecarVersion {
    return sidecarVersion();
  }

  @Get('sidecar')
  @ApiOperation({ summary: 'Same as /version' })
  sidecar(): SidecarVersion {
    return sidecarVersion();
  }

  @Get('cassandra')
  @ApiOperation({ summary: "Cassandra's release version, parsed: {major, minor, patch, dsePatch, preReleaseLabels?, buildLabel?}" })
  cassandra(): Promise<CassandraVersion> {
    return this.storage.cassandraVersion();
  }

  @Get('schema')
  @ApiOperation({ summary: "This node's schema version: {schemaVersion}" })
  async schema(): Promise<{ schemaVersion: string }> {
    return { schemaVersion: await this.storage.schemaVersion() };
  }
}
