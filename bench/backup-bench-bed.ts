import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import cassandra from 'cassandra-driver';
import { ColumnFamilyStore } from '../src/cassandra/column-family-store.js';
import { JolokiaClient } from '../src/cassandra/jolokia.client.js';
import { Snapshots } from '../src/cassandra/snapshots.js';
import { StorageService } from '../src/cassandra/storage-service.js';
import { REPO_ROOT } from '../test/support/emulators.js';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'testbed/testbed');
/** Where a bed lives: testbed/testbed's three variables for a bed next to the default one. */
export interface BedEnv {
  TESTBED_DIR: string;
  TESTBED_IP_PREFIX: string;
  TESTBED_JMX_BASE: string;
}
/** The backup benchmark's own bed, next to the default one (127.0.0.x) that tests may be using. */
export const BACKUP_BED: BedEnv = {
  TESTBED_DIR: join(REPO_ROOT, '.testbed/bench'),
  TESTBED_IP_PREFIX: '127.0.1',
  TESTBED_JMX_BASE: '17000',
};
const ROW_BYTES = 1024 * 1024;
const WRITERS = 8;

/** The one node of the benchmark's bed and the facades the benchmark needs. */
export interface BenchNode {
  ip: string;
  jolokiaUrl: string;
  /** `127.0.0.1:<port>` of its JMX connector, for Esop's `--jmx-service`. */
  jmx: string;
  /** Its data directory (Esop's `--data-dir`). */
  dataDir: string;
  storageService: StorageService;
  tables: ColumnFamilyStore;
  snapshots: Snapshots;
  /** Stops the bed and removes its data unless it was reused (BENCH_REUSE_BED=1). */
  stop(): Promise<void>;
}

/** The SSTable files of the table, as they lie in its data directory. */
export interface SSTableFiles {
  paths: string[];
  bytes: number;
  sstables: number;
}

async function testbed(bed: BedEnv, args: string[], timeout: number): Promise<string> {
  try {
    return (await run(SCRIPT, args, { env: { ...process.env, ...bed }, timeout, maxBuffer: 1 << 24 })).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`testbed ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

/** Starts a 1-node bed with JMX (default: on 127.0.1.1), or reuses the running one with BENCH_REUSE_BED=1. */
export async function startBenchBed(bed: BedEnv = BACKUP_BED): Promise<BenchNode> {
  const owned = process.env.BENCH_REUSE_BED !== '1';
  if (owned) await testbed(bed, ['up', '--nodes', '1', '--jmx'], 300_000);
  const env = Object.fromEntries(
    (await testbed(bed, ['env'], 30_000))
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  if (!env.NODE1_JMX) throw new Error(`no bench bed with JMX is running in ${bed.TESTBED_DIR}; start it with --jmx or drop BENCH_REUSE_BED`);
  const jolokia = new JolokiaClient({ url: env.NODE1_JOLOKIA_URL, timeoutMs: 30_000 });
  const storageService = new StorageService(jolokia);
  return {
    ip: env.NODE1_IP,
    jolokiaUrl: env.NODE1_JOLOKIA_URL,
    jmx: env.NODE1_JMX,
    dataDir: env.NODE1_DATA_DIR,
    storageService,
    tables: new ColumnFamilyStore(jolokia, storageService),
    snapshots: new Snapshots(jolokia, storageService),
    stop: async () => {
      if (!owned) return;
      await testbed(bed, ['down'], 120_000);
      await rm(bed.TESTBED_DIR, { recursive: true, force: true });
    },
  };
}

/** Regular files of the table's data directory: every component of every SSTable. */
export async function sstableFiles(node: BenchNode, keyspace: string, table: string): Promise<SSTableFiles> {
  const [dir] = await node.tables.dataPaths(keyspace, table);
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile());
  const paths = entries.map((e) => join(dir, e.name)).sort();
  let bytes = 0;
  for (const p of paths) bytes += (await stat(p)).size;
  return { paths, bytes, sstables: paths.filter((p) => p.endsWith('-Data.db')).length };
}

/**
 * Makes the table hold at least `targetBytes` of SSTables: 1 MiB random (incompressible) blob rows
 * written by WRITERS concurrent writers, then flushed; autocompaction off so the SSTables stay put.
 * A reused bed keeps what it has and only tops it up.
 */
export async function loadData(node: BenchNode, keyspace: string, table: string, targetBytes: number): Promise<SSTableFiles> {
  const cql = new cassandra.Client({
    contactPoints: [node.ip],
    localDataCenter: 'dc1',
    socketOptions: { readTimeout: 120_000 },
    pooling: { coreConnectionsPerHost: { [cassandra.types.distance.local]: 2 } },
  });
  await cql.connect();
  try {
    await cql.execute(`CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}`);
    await cql.execute(
      `CREATE TABLE IF NOT EXISTS ${keyspace}.${table} (id uuid PRIMARY KEY, v blob) ` +
        `WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}`,
    );
    await node.storageService.forceKeyspaceFlush(keyspace);
    const missing = targetBytes - (await sstableFiles(node, keyspace, table)).bytes;
    const rows = Math.max(0, Math.ceil(missing / ROW_BYTES));
    const insert = `INSERT INTO ${keyspace}.${table} (id, v) VALUES (?, ?)`;
    let next = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < rows) {
          next++;
          await withRetries(() => cql.execute(insert, [cassandra.types.Uuid.random(), randomBytes(ROW_BYTES)], { prepare: true }));
        }
      }),
    );
    await node.storageService.forceKeyspaceFlush(keyspace);
  } finally {
    await cql.shutdown();
  }
  return sstableFiles(node, keyspace, table);
}

/** A busy 2-core machine can make single writes time out; the row is just written again. */
async function withRetries<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 1000 * i));
    }
  }
}

/** Tags of snapshots of the keyspace still on disk (every backup must have cleared its own). */
export async function leftoverSnapshots(node: BenchNode, keyspace: string): Promise<string[]> {
  const list = await node.snapshots.list();
  return [...new Set(list.filter((s) => s.keyspace === keyspace).map((s) => s.tag))];
}
