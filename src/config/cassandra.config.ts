import { isAbsolute, resolve } from 'node:path';
import { type OptionSpec, type ProblemList, type RawValues, readList, readParsed } from './option.js';

/** Where the node's own files are, for /config, restores and the paths requests may name. */
export interface CassandraFilesConfig {
  /** Directories searched, in order, for the first cassandra*.yaml served by GET /config. */
  configDirs: string[];
  /**
   * Directories paths in requests may lie in, besides the defaults (the Cassandra directories'
   * parents as reported through Jolokia, the config directories and the sidecar's data directory).
   */
  allowedPaths: string[];
}

export const CASSANDRA_OPTIONS = {
  configDir: { key: 'cassandraConfigDir', flags: '--cassandra-config-dir <dirs>', env: 'CASSANDRA_CONFIG_DIR',
    default: '/etc/cassandra,/var/lib/cassandra',
    description: 'comma-separated directories searched for cassandra*.yaml (GET /config)' },
  allowedPath: { key: 'allowedPath', flags: '--allowed-path <dir>', env: 'ICARUS_ALLOWED_PATHS', repeatable: true,
    description: "a directory paths in requests (dataDirs, import.sourceDir, toFile, file:// locations, ...) may lie in, besides Cassandra's own " +
      'directories (the parents of its data, commit-log and saved-caches directories), --cassandra-config-dir and --data-dir' },
} satisfies Record<string, OptionSpec>;

export function readCassandraFilesConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): CassandraFilesConfig {
  const dirs = readParsed(CASSANDRA_OPTIONS.configDir, cli, env, problems, (t) =>
    t.split(',').map((d) => d.trim()).filter((d) => d !== ''),
  );
  const allowedPaths = readList(CASSANDRA_OPTIONS.allowedPath, cli, env, problems, (text) => {
    if (!isAbsolute(text)) throw new Error(`'${text}' is not an absolute path`);
    return resolve(text);
  });
  return { configDirs: dirs ?? ['/etc/cassandra', '/var/lib/cassandra'], allowedPaths };
}
