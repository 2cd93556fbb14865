import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CassandraVersion } from '../cassandra/cassandra-version.js';
import { StorageService } from '../cassandra/storage-service.js';
import { ApiErrorResponses } from '../common/error-bodies.js';
import { sidecarVersion, type SidecarVersion } from '../common/version.js';
import { CassandraVersionBody, SchemaVersionBody, SidecarVersionBody } from './resource.schemas.js';
import { RequiresRole } from '../security/required-role.js';

/** Icarus' /version endpoints: the sidecar's version, Cassandra's release and schema version. */
@ApiTags('node')
@Controller('version')
export class VersionController {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  @Get()
  @RequiresRole('read')
  @ApiOperation({ summary: 'Sidecar version, build time and git commit' })
  @ApiOkResponse({ type: SidecarVersionBody })
  version(): SidecarVersion {
    return sidecarVersion();
  }

  @Get('sidecar')
  @RequiresRole('read')
  @ApiOperation({ summary: 'Same as /version' })
  @ApiOkResponse({ type: SidecarVersionBody })
  sidecar(): SidecarVersion {
    return sidecarVersion();
  }

  @Get('cassandra')
  @RequiresRole('read')
  @ApiOperation({ summary: "Cassandra's release version, parsed: {major, minor, patch, dsePatch, preReleaseLabels?, buildLabel?}" })
  @ApiOkResponse({ type: CassandraVersionBody })
  @ApiErrorResponses({ 502: true, 503: true })
  cassandra(): Promise<CassandraVersion> {
    return this.storage.cassandraVersion();
  }

  @Get('schema')
  @RequiresRole('read')
  @ApiOperation({ summary: "This node's schema version: {schemaVersion}" })
  @ApiOkResponse({ type: SchemaVersionBody })
  @ApiErrorResponses({ 502: true, 503: true })
  async schema(): Promise<{ schemaVersion: string }> {
    return { schemaVersion: await this.storage.schemaVersion() };
  }
}
