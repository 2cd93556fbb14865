import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { NativeAddress } from './node-down.js';

/** Where a stopped node keeps its files, as its cassandra.yaml (or the Cassandra directory's defaults) says. */
export interface NodeDirectories {
  dataDirs: string[];
  commitlog?: string;
  hints?: string;
  savedCaches?: string;
}

/**
 * Reads the directories of a node that is down (no Jolokia to ask) from `<configDir>/cassandra.yaml`;
 * what the yaml leaves out defaults to the layout under `cassandraDirectory` (as /var/lib/cassandra
 * of the packages, or cassandra.storagedir): `data`, `commitlog`, `hints`, `saved_caches` (Esop
 * cleaned `commitlogs`, a directory Cassandra never writes, §6.2 #8). Null when neither says where the data is.
 */
export async function nodeDirectories(configDir: string, cassandraDirectory: string | undefined): Promise<NodeDirectories | null> {
  const yaml = (await readYaml(configDir)) ?? {};
  const fromYaml = (key: string): string | undefined => (typeof yaml[key] === 'string' ? (yaml[key] as string) : undefined);
  const base = cassandraDirectory;
  const dataDirs = Array.isArray(yaml.data_file_directories)
    ? (yaml.data_file_directories as unknown[]).map(String)
    : base
      ? [join(base, 'data')]
      : [];
  if (dataDirs.length === 0) return null;
  return {
    dataDirs,
    commitlog: fromYaml('commitlog_directory') ?? (base && join(base, 'commitlog')),
    hints: fromYaml('hints_directory') ?? (base && join(base, 'hints')),
    savedCaches: fromYaml('saved_caches_directory') ?? (base && join(base, 'saved_caches')),
  };
}

/**
 * Where the node serves CQL: cassandra.yaml's `rpc_address` and `native_transport_port` (9042 by
 * default); without a specific address (absent, or a wildcard), the host Jolokia answers on.
 */
export async function nativeAddress(configDir: string, jolokiaUrl: string): Promise<NativeAddress> {
  const yaml = (await readYaml(configDir)) ?? {};
  const address = typeof yaml.rpc_address === 'string' && !['0.0.0.0', '::', ''].includes(yaml.rpc_address) ? yaml.rpc_address : undefined;
  const port = Number(yaml.native_transport_port ?? 9042);
  return { host: address ?? new URL(jolokiaUrl).hostname.replace(/^\[|\]$/g, ''), port: Number.isInteger(port) && port > 0 ? port : 9042 };
}

async function readYaml(configDir: string): Promise<Record<string, unknown> | null> {
  try {
    return (parse(await readFile(join(configDir, 'cassandra.yaml'), 'utf8')) as Record<string, unknown>) ?? {};
  } catch {
    return null;
  }
}

/**
 * `updateCassandraYaml` (§4.13.1): the restored node must start with the backup's tokens and
 * without bootstrapping. Edits the text so comments and layout stay; an `initial_token` already set
 * is left alone (the output says which value it should have).
 */
export async function updateCassandraYaml(configDir: string, tokens: string[]): Promise<string[]> {
  const path = join(configDir, 'cassandra.yaml');
  const notes: string[] = [];
  let text = await readFile(path, 'utf8');
  const wanted = tokens.join(',');
  if (/^auto_bootstrap:.*$/m.test(text)) text = text.replace(/^auto_bootstrap:.*$/m, 'auto_bootstrap: false');
  else text += `${text.endsWith('\n') ? '' : '\n'}auto_bootstrap: false\n`;
  const current = /^initial_token:[ \t]*(\S.*)?$/m.exec(text);
  if (!current) text += `initial_token: ${wanted}\n`;
  else if (!current[1]) text = text.replace(/^initial_token:.*$/m, `initial_token: ${wanted}`);
  else if (current[1].trim() !== wanted) notes.push(`cassandra.yaml already sets initial_token; the backup's tokens are: ${wanted}`);
  const temp = `${path}.icarus-restore.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
  return notes;
}
