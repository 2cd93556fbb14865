import { type AuditConfig, AUDIT_OPTIONS, DEFAULT_AUDIT, readAuditConfig } from './audit.config.js';
import { type BackupConfig, BACKUP_OPTIONS, readBackupConfig } from './backup.config.js';
import { type CassandraFilesConfig, CASSANDRA_OPTIONS, readCassandraFilesConfig } from './cassandra.config.js';
import { type CqlConfig, CQL_OPTIONS, DEFAULT_CQL_CONFIG, readCqlConfig } from './cql.config.js';
import { type CoordinationConfig, COORDINATION_OPTIONS, DEFAULT_COORDINATION_CONFIG, readCoordinationConfig } from './coordination.config.js';
import { type HttpConfig, HTTP_OPTIONS, readHttpConfig } from './http.config.js';
import { DEFAULT_LIMITS, type LimitsConfig, LIMITS_OPTIONS, readLimitsConfig } from './limits.config.js';
import { type JolokiaSettings, JOLOKIA_OPTIONS, readJolokiaSettings } from './jolokia.config.js';
import { type OptionSpec, ProblemList, type RawValues } from './option.js';
import { type RedisConfig, REDIS_OPTIONS, readRedisConfig } from './redis.config.js';
import { type SecurityConfig, SECURITY_OPTIONS, readSecurityConfig } from './security.config.js';
import { type ServerConfig, SERVER_OPTIONS, readServerConfig } from './server.config.js';

/** The whole, validated configuration of one sidecar process. Read once at start. */
export class SidecarConfig {
  constructor(
    readonly server: ServerConfig,
    readonly redis: RedisConfig,
    readonly jolokia: JolokiaSettings,
    readonly cassandra: CassandraFilesConfig,
    readonly backup: BackupConfig = { hashAlgorithm: 'SHA-256', storageEnv: {} },
    readonly coordination: CoordinationConfig = DEFAULT_COORDINATION_CONFIG,
    readonly security: SecurityConfig = { exemptHealth: false, peer: {}, allowInsecurePeers: false },
    readonly http: HttpConfig = { corsOrigins: [], maxBodyBytes: 1024 * 1024 },
    readonly cql: CqlConfig = DEFAULT_CQL_CONFIG,
    readonly limits: LimitsConfig = DEFAULT_LIMITS,
    readonly audit: AuditConfig = DEFAULT_AUDIT,
  ) {}
}

/** Every option of `icarus icarus`, in help order. */
export const SERVER_COMMAND_OPTIONS: OptionSpec[] = [
  ...Object.values(SERVER_OPTIONS),
  ...Object.values(SECURITY_OPTIONS),
  ...Object.values(HTTP_OPTIONS),
  ...Object.values(LIMITS_OPTIONS),
  ...Object.values(AUDIT_OPTIONS),
  ...Object.values(REDIS_OPTIONS),
  ...Object.values(JOLOKIA_OPTIONS),
  ...Object.values(CASSANDRA_OPTIONS),
  ...Object.values(CQL_OPTIONS),
  ...Object.values(BACKUP_OPTIONS),
  ...Object.values(COORDINATION_OPTIONS),
];

/** Raised with every problem found, so the operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(cli: RawValues = {}, env: NodeJS.ProcessEnv = process.env): SidecarConfig {
  const problems = new ProblemList();
  const config = new SidecarConfig(
    readServerConfig(cli, env, problems),
    readRedisConfig(cli, env, problems),
    readJolokiaSettings(cli, env, problems),
    readCassandraFilesConfig(cli, env, problems),
    readBackupConfig(cli, env, problems),
    readCoordinationConfig(cli, env, problems),
    readSecurityConfig(cli, env, problems),
    readHttpConfig(cli, env, problems),
    readCqlConfig(cli, env, problems),
    readLimitsConfig(cli, env, problems),
    readAuditConfig(cli, env, problems),
  );
  if (problems.problems.length > 0) throw new ConfigError(problems.problems);
  return config;
}
