import { type OptionSpec, type ProblemList, type RawValues, readParsed } from './option.js';

/** Where the node's own files are, for /config and (later) restores. */
export interface CassandraFilesConfig {
  /** Directories searched, in order, for the first cassandra*.yaml served by GET /config. */
  configDirs: string[];
}

export const CASSANDRA_OPTIONS = {
  configDir: { key: 'cassandraConfigDir', flags: '--cassandra-config-dir <dirs>', env: 'CASSANDRA_CONFIG_DIR',
    default: '/etc/cassandra,/var/lib/cassandra',
    description: 'comma-separated directories searched for cassandra*.yaml (GET /config)' },
} satisfies Record<string, OptionSpec>;

export function readCassandraFilesConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): CassandraFilesConfig {
  const dirs = readParsed(CASSANDRA_OPTIONS.configDir, cli, env, problems, (t) =>
    t.split(',').map((d) => d.trim()).filter((d) => d !== ''),
  );
  return { configDirs: dirs ?? ['/etc/cassandra', '/var/lib/cassandra'] };
}
