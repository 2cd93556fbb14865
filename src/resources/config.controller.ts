import { readFile } from 'node:fs/promises';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/error-bodies.js';
import { NotFoundError } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { findCassandraYaml } from './find-cassandra-yaml.js';
import { redactYaml } from './redact-yaml.js';
import { RequiresRole } from '../security/required-role.js';

/**
 * GET /config: this node's cassandra.yaml, secrets redacted. Icarus serves the file verbatim,
 * keystore and truststore passwords included, to anyone who reaches the port.
 */
@ApiTags('node')
@Controller('config')
export class ConfigController {
  constructor(@Inject(SidecarConfig) private readonly config: SidecarConfig) {}

  @Get()
  @RequiresRole('read')
  @Header('Content-Type', 'application/yaml')
  @ApiOperation({ summary: "The first cassandra*.yaml found in --cassandra-config-dir, as text, every password/secret/private-key value replaced by '*****'" })
  @ApiOkResponse({ description: 'the file, every secret value replaced', content: { 'application/yaml': { schema: { type: 'string' } } } })
  @ApiErrorResponses({ 404: 'no cassandra*.yaml there' })
  async yaml(): Promise<string> {
    const file = await findCassandraYaml(this.config.cassandra.configDirs);
    if (!file) throw new NotFoundError(`no cassandra*.yaml under ${this.config.cassandra.configDirs.join(', ')}`);
    return redactYaml(await readFile(file, 'utf8'));
  }
}
