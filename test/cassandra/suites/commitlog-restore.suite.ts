import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import cassandra from 'cassandra-driver';
import { ARCHIVING_PROPERTIES, mergeProperties, parseProperties, restorePointInTime } from '../../../src/modules/commitlog-restore/archiving-properties.js';
import { waitUntil } from '../../support/testbed.js';
import type { BackupBed } from '../backup-bed.js';

/** What the suite uses of the shared bed: the nodes, a sidecar per node, file:// buckets. */
export type PitrBed = Pick<BackupBed, 'ctx' | 'run' | 'location'>;

const ROWS_A = 200;
const ROWS_B = 200;

/**
 * Point-in-time restore through the replay of archived commit logs, on a real Cassandra: segments
 * archived by Cassandra's own archive_command, uploaded by commitlog-backup, restored by
 * commitlog-restore up to a time T between two batches of writes. Only what was true at T comes
 * back: rows written before T (also those overwritten or deleted after it, with their old values),
 * none of those written after it. Stops and restarts node `index` three times (about a minute).
 */
export function commitlogRestoreSuite(b: PitrBed, index = 1): void {
  describe('point-in-time restore from archived commit logs', () => {
    it('replays the archived segments up to T: the rows of before T are back, as they were; those of after T are not', async (t) => {
      const node = b.ctx.bed.nodes[index - 1];
      const ks = `pitr_${randomBytes(3).toString('hex')}`;
      const work = join(dirname(node.commitlogDir), `pitr-${randomBytes(3).toString('hex')}`);
      const archive = join(work, 'archive');
      const properties = join(node.confDir, ARCHIVING_PROPERTIES);
      const original = await readFile(properties, 'latin1').catch(() => null);
      const started = Date.now();
      const timings: string[] = [];
      const lap = (what: string) => timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
      try {
        // Cassandra copies each segment it finishes into the archive (read at startup: restart the node).
        await mkdir(archive, { recursive: true });
        await writeFile(properties, mergeProperties(original ?? '', { archive_command: `/bin/cp %path ${archive}/%name` }), 'latin1');
        await b.ctx.bed.stopNode(index);
        await b.ctx.bed.startNode(index);
        lap('archiving on');

        const { T, tokens } = await writeAroundT(node.ip, ks);
        const owned = await ownedBy(b, index, tokens);
        const expected = [...owned].filter((id) => id < ROWS_A).sort((x, y) => x - y).map((id) => `${id}=a-${id}`);
        assert.ok(expected.length > 0 && [...owned].some((id) => id >= ROWS_A), `node ${index} holds rows of both batches`);
        lap('rows written');

        // Stop: Cassandra flushes, then archives its last segments. Back them up from the archive, node down.
        await b.ctx.bed.stopNode(index);
        const archived = (await readdir(archive)).filter((f) => /^CommitLog-\d+-\d+\.log$/.test(f));
        assert.ok(archived.length > 0, 'Cassandra archived segments');
        const location = b.location('file');
        const backup = await b.run({ type: 'commitlog-backup', storageLocation: location, commitLogArchiveOverride: archive }, index);
        assert.equal(backup.uploadedSegments, archived.length);

        // Destroy: the table's SSTables go (rows A and B now live only in the backed-up segments).
        const deleted = await deleteTableFiles(node.dataDirs, ks, 't');
        assert.ok(deleted.some((f) => f.endsWith('-Data.db')), `the drain flushed the table: ${deleted.join(', ')}`);
        const liveSegments = (await readdir(node.commitlogDir)).length;
        lap('backed up, destroyed');

        const downloadDir = join(work, 'restore');
        const restore = await b.run({
          type: 'commitlog-restore', storageLocation: location, cassandraCommitLogDirectory: node.commitlogDir,
          cassandraConfigDirectory: node.confDir, commitlogDownloadDir: downloadDir, timestampStart: 0, timestampEnd: T, keyspaceTables: { [ks]: ['t'] },
        }, index);
        assert.ok(restore.downloadedSegments >= 1 && restore.downloadedSegments <= archived.length, JSON.stringify(restore));
        assert.deepEqual((await readdir(downloadDir)).sort(), [...restore.segments].sort());
        assert.equal(restore.restorePointInTime, restorePointInTime(T));
        // The restored segments hold the writes of after T too: only the replay up to T may leave them out.
        const bytes = Buffer.concat(await Promise.all(restore.segments.map((f: string) => readFile(join(downloadDir, f)))));
        // Values of rows this node owns (on a multi-node bed the others' writes are in their own segments).
        const ids = [...owned].sort((x, y) => x - y);
        const firstA = ids.find((id) => id < ROWS_A);
        const firstB = ids.find((id) => id >= ROWS_A);
        const overwritten = ids.find((id) => id < 50);
        const values = [`a-${firstA}`, `b-${firstB}`, ...(overwritten === undefined ? [] : [`b-overwrite-${overwritten}`])];
        for (const value of values) assert.ok(bytes.includes(value), `the restored segments hold ${value}`);
        assert.deepEqual(await readdir(node.commitlogDir), [], 'the live commit log was moved aside');
        if (liveSegments > 0) assert.equal((await readdir(restore.movedAsideTo)).length, liveSegments);
        assert.equal(restore.replayList, `${ks}.t`);
        assert.equal(restore.cassandraEnvUpdated, false, 'the test bed has no cassandra-env.sh');
        const written = parseProperties(await readFile(properties, 'latin1'));
        assert.equal(written.get('restore_point_in_time'), restore.restorePointInTime);
        assert.equal(written.get('restore_directories'), downloadDir);
        assert.equal(written.get('archive_command'), `/bin/cp %path ${archive}/%name`, 'other settings are kept');
        lap('restored');

        await b.ctx.bed.startNode(index);
        lap('replayed');
        assert.deepEqual(await rowsOf(node.ip, ks, owned), expected, 'exactly the rows of T, with their values at T');

        // Without the restore settings the next start replays nothing more; the replayed rows were flushed.
        await restoreFile(properties, original);
        await b.ctx.bed.stopNode(index);
        await b.ctx.bed.startNode(index);
        assert.deepEqual(await rowsOf(node.ip, ks, owned), expected, 'the rows survive a restart without the restore settings');
        lap('restarted clean');
        t.diagnostic(`timings: ${timings.join(', ')}; ${restore.downloadedSegments} of ${archived.length} segment(s) restored, ` +
          `${expected.length} of the node's ${owned.size} rows expected back`);
      } finally {
        // Never leave restore settings behind (Cassandra would replay at every start), nor the node stopped.
        await restoreFile(properties, original);
        await b.ctx.bed.startNode(index).catch((err: unknown) => t.diagnostic(`node ${index} did not start again: ${String(err)}`));
        await rm(work, { recursive: true, force: true });
      }
    });
  });
}

/** The ids among `tokens` whose partition node `index` owns (one token per node on the test bed). */
async function ownedBy(b: PitrBed, index: number, tokens: Map<number, bigint>): Promise<Set<number>> {
  const ring = (await Promise.all(b.ctx.nodes.map(async (n, i) => (await n.storageService.tokens()).map((tk) => ({ token: BigInt(tk), node: i + 1 })))))
    .flat()
    .sort((x, y) => (x.token < y.token ? -1 : x.token > y.token ? 1 : 0));
  const owner = (token: bigint) => (ring.find((r) => r.token >= token) ?? ring[0]).node;
  return new Set([...tokens].filter(([, token]) => owner(token) === index).map(([id]) => id));
}

/**
 * Rows A (ids 0..199) more than a second before T; after T: rows B (200..399), A's first 50 rows
 * overwritten and the next 10 deleted. Returns T and the token of every id.
 */
async function writeAroundT(ip: string, ks: string): Promise<{ T: number; tokens: Map<number, bigint> }> {
  const cql = await connect(ip);
  try {
    await cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}`);
    await cql.execute(`CREATE TABLE ${ks}.t (id int PRIMARY KEY, v text)`);
    const insert = `INSERT INTO ${ks}.t (id, v) VALUES (?, ?)`;
    for (let id = 0; id < ROWS_A; id++) await cql.execute(insert, [id, `a-${id}`], { prepare: true });
    // The driver stamps writes with this clock (µs): A is over a second before T, everything else after it.
    const lastA = Date.now();
    await waitUntil('a second to pass', async () => Date.now() > lastA + 1100);
    const T = Date.now();
    await waitUntil('T to pass', async () => Date.now() > T + 5);
    for (let id = ROWS_A; id < ROWS_A + ROWS_B; id++) await cql.execute(insert, [id, `b-${id}`], { prepare: true });
    for (let id = 0; id < 50; id++) await cql.execute(insert, [id, `b-overwrite-${id}`], { prepare: true });
    const result = await cql.execute(`SELECT id, token(id) AS t FROM ${ks}.t`, [], { fetchSize: 10_000 });
    for (let id = 50; id < 60; id++) await cql.execute(`DELETE FROM ${ks}.t WHERE id = ?`, [id], { prepare: true });
    return { T, tokens: new Map(result.rows.map((r) => [r.get('id') as number, BigInt(String(r.get('t')))])) };
  } finally {
    await cql.shutdown();
  }
}

/**
 * A CQL session to one node. Each lives only between two restarts of the node: a cassandra-driver
 * 4.10 client whose node restarts keeps a reconnected socket open after shutdown(), and the test
 * process would never exit.
 */
async function connect(ip: string): Promise<cassandra.Client> {
  const cql = new cassandra.Client({ contactPoints: [ip], localDataCenter: 'dc1' });
  await cql.connect();
  return cql;
}

/** `id=v` of the rows with one of `ids`. */
async function rowsOf(ip: string, ks: string, ids: Set<number>): Promise<string[]> {
  const cql = await connect(ip);
  const result = await cql.execute(`SELECT id, v FROM ${ks}.t`, [], { fetchSize: 10_000 }).finally(() => cql.shutdown());
  return result.rows
    .filter((r) => ids.has(r.get('id') as number))
    .sort((x, y) => (x.get('id') as number) - (y.get('id') as number))
    .map((r) => `${r.get('id')}=${r.get('v')}`);
}

/** Puts back what the file held, or removes it: Cassandra 5.0 refuses to start on an empty commitlog_archiving.properties. */
async function restoreFile(path: string, original: string | null): Promise<void> {
  if (original === null) await unlink(path).catch(() => undefined);
  else await writeFile(path, original, 'latin1');
}

/** Deletes the files (not the directories) of table `ks.table` in every data directory. */
async function deleteTableFiles(dataDirs: string[], ks: string, table: string): Promise<string[]> {
  const deleted: string[] = [];
  for (const dataDir of dataDirs) {
    const tableDirs = (await readdir(join(dataDir, ks)).catch(() => [] as string[])).filter((d) => d.startsWith(`${table}-`));
    for (const dir of tableDirs) {
      for (const entry of await readdir(join(dataDir, ks, dir), { withFileTypes: true })) {
        if (entry.isFile()) {
          await unlink(join(dataDir, ks, dir, entry.name));
          deleted.push(entry.name);
        }
      }
    }
  }
  return deleted;
}
