import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import cassandra from 'cassandra-driver';
import { manifestEntries } from '../../../src/backups/manifest.js';
import { StorageLocation } from '../../../src/storage/index.js';
import { http, waitFor, waitForState } from '../../support/sidecar.js';
import { SidecarProcess } from '../../support/sidecar-process.js';
import type { BackupBed } from '../backup-bed.js';
import { manifestsAt } from '../bucket-check.js';

/** Size of the drilled table; CI uses a small one, `DRILL_MB=100` is the acceptance size. */
const MB = Number(process.env.DRILL_MB ?? 6);
const ROW_BYTES = 1000;
const PER_PARTITION = 10;

/**
 * Restore drills on the 3-node bed: a table backed up with `recordDigests` drills ok with its row
 * count and an RTO; one flipped byte in one backed-up object makes the drill not ok, naming that
 * object; without digests Cassandra's verify checks the scratch tables; the source table's content
 * never changes and no scratch keyspace outlives a drill, also when the sidecar is killed -9 mid-drill.
 */
export function drillSuite(b: BackupBed): void {
  describe('restore drills', () => {
    const ks = `dr_${b.ks.slice(3)}`;
    const table = `${ks}.big`;
    let rowsWritten = 0;
    let location = '';
    let backupName = '';

    const sourceDigest = () => rowsDigest(b.ctx.cql, table);
    const scratchKeyspaces = async (): Promise<string[]> =>
      (await b.ctx.cql.execute('SELECT keyspace_name FROM system_schema.keyspaces')).rows.map((r) => r.get('keyspace_name') as string).filter((k) => k.startsWith('drill_'));
    const drill = (extra: Record<string, unknown> = {}) => b.runToEnd({ type: 'drill', storageLocation: location, snapshotTag: backupName, entities: table, ...extra }, 1, 600_000);

    before(async () => {
      await b.ctx.cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}`);
      await b.ctx.cql.execute(`CREATE TABLE ${table} (id int, c int, v text, l list<int>, m map<text, int>, PRIMARY KEY (id, c))`);
      const rows = Math.ceil((MB * 1024 * 1024) / ROW_BYTES);
      // Random text: SSTable compression must not shrink the table to nothing.
      const params = Array.from({ length: rows }, (_, i) => [Math.floor(i / PER_PARTITION), i % PER_PARTITION, randomBytes(ROW_BYTES / 2 - 20).toString('hex'), [i, i + 1], { k: i }]);
      await cassandra.concurrent.executeConcurrent(b.ctx.cql, `INSERT INTO ${table} (id, c, v, l, m) VALUES (?, ?, ?, ?, ?)`, params, { concurrencyLevel: 64 });
      // Cells with a TTL (a day: still there when the drill reads) are covered by the digest too.
      await b.ctx.cql.execute(`INSERT INTO ${table} (id, c, v, l) VALUES (-1, 0, 'expiring', [7]) USING TTL 86400`);
      rowsWritten = rows + 1;
      for (const node of b.ctx.nodes) await node.storageService.forceKeyspaceFlush(ks);
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: ks, snapshotTag: 'drilled', recordDigests: true }, 1, 600_000);
      assert.equal(backup.digests.tables, 1, JSON.stringify(backup.digests));
      assert.deepEqual(backup.digests.errors, {});
      [location, backupName] = [backup.storageLocation, backup.snapshotTag];
    }, { timeout: 900_000 });
    // Later suites back up every keyspace: this one's megabytes are not theirs to carry.
    after(async () => {
      await b.ctx.cql.execute(`DROP KEYSPACE IF EXISTS ${ks}`);
    });

    it(`recordDigests + drill of a ${MB} MB table: ok, every row, an RTO; source unchanged; no scratch keyspace left`, async () => {
      const before = await sourceDigest();
      const done = await drill();
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.equal(done.ok, true, JSON.stringify(done.mismatches));
      assert.equal(done.check, 'digest');
      assert.equal(done.rows, rowsWritten);
      assert.ok(done.bytes > MB * 1024 * 1024 * 0.3, `bytes ${done.bytes}`);
      assert.ok(done.seconds > 0 && done.rtoSecondsPerGiB > 0, `seconds ${done.seconds}, RTO ${done.rtoSecondsPerGiB}`);
      console.log(`drill ${MB} MB: rows ${done.rows}, bytes ${done.bytes}, restore ${done.seconds} s, RTO ${done.rtoSecondsPerGiB} s/GiB, operation ${durationOf(done)} s`);
      assert.deepEqual(await scratchKeyspaces(), []);
      assert.equal(await sourceDigest(), before, 'the source table is untouched');
      const records = (await b.inspect(location).list(StorageLocation.parse(location).nodeKey(`icarus-records/${backupName}/`))).map((o) => o.key);
      assert.ok(records.some((k) => k.endsWith('digests.json')) && records.some((k) => /drill-\d+\.json$/.test(k)), records.join(', '));
    });

    it('one flipped byte in one backed-up object: not ok, naming that object; scratch keyspace gone', async () => {
      const provider = b.inspect(location);
      const [stored] = (await manifestsAt(provider, location)).filter((m) => m.name === backupName);
      const victim = manifestEntries(stored.manifest).find((e) => e.table === 'big' && e.entry.objectKey.endsWith('-Data.db'))!.entry.objectKey;
      const path = `${new URL(location).pathname}/${victim}`;
      const original = await readFile(path);
      const flipped = Buffer.from(original);
      flipped[Math.floor(flipped.length / 2)] ^= 0xff;
      await writeFile(path, flipped);
      try {
        const done = await drill();
        assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
        assert.equal(done.ok, false);
        console.log(`corrupted object: ${JSON.stringify(done.mismatches)}`);
        assert.ok(done.mismatches.some((m: { file?: string; message?: string }) => m.file === victim || m.message?.includes(victim)), JSON.stringify(done.mismatches));
      } finally {
        await writeFile(path, original);
      }
      assert.deepEqual(await scratchKeyspaces(), []);
    });

    it('content that differs from the recorded digest: not ok, naming the table and the token range', async () => {
      const path = `${new URL(location).pathname}/icarus-records/${backupName}/digests.json`;
      const original = await readFile(path, 'utf8');
      const record = JSON.parse(original);
      const [range] = record.tables[table].ranges;
      range.digest = '0'.repeat(32);
      await writeFile(path, JSON.stringify(record));
      try {
        const done = await drill();
        assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
        assert.equal(done.ok, false);
        assert.deepEqual(done.mismatches.map((m: { table: string; problem: string; range: string }) => [m.table, m.problem, m.range]), [[table, 'digest', `(${range.start}, ${range.end}]`]]);
      } finally {
        await writeFile(path, original);
      }
      assert.deepEqual(await scratchKeyspaces(), []);
    });

    it('without recorded digests: Cassandra verify and a row count; and a drill that would fill the disk is refused before it starts', async () => {
      const plain = await b.run({ type: 'backup', storageLocation: location, entities: ks, snapshotTag: 'nodigests' }, 1, 600_000);
      const done = await drill({ snapshotTag: plain.snapshotTag, extendedVerify: true });
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.equal(done.ok, true, JSON.stringify(done.mismatches));
      assert.equal(done.check, 'verify');
      assert.equal(done.rows, rowsWritten);

      const refused = await drill({ minFreeDiskPercent: 99 });
      assert.equal(refused.state, 'FAILED');
      assert.match(refused.errors[0].message, /refused: .*minFreeDiskPercent 99%/);
      assert.deepEqual(await scratchKeyspaces(), []);
    });

    it('bad requests are 400s naming the field', async () => {
      for (const [body, field] of [[{ entities: 'a.b.c,ks,ks.t' }, 'entities'], [{ minFreeDiskPercent: 100 }, 'minFreeDiskPercent'], [{ snapshotTag: undefined }, 'snapshotTag']] as const) {
        const response = await http(b.url(1), 'POST', '/operations', { type: 'drill', storageLocation: location, snapshotTag: backupName, ...body });
        assert.equal(response.status, 400, response.text);
        assert.ok(response.json.errors.some((e: { field: string }) => e.field === field), response.text);
      }
    });

    describe('kill -9 of the sidecar mid-drill', () => {
      let sidecar: SidecarProcess;
      before(async () => {
        sidecar = await SidecarProcess.launch(b.redisUrl, { jolokiaUrl: b.ctx.bed.nodes[0].jolokiaUrl }, b.env);
      }, { timeout: 120_000 });
      after(async () => sidecar?.stop());

      it('the resumed drill removes what the killed run left, drills again and leaves no scratch keyspace', async () => {
        const response = await http(sidecar.url, 'POST', '/operations', { type: 'drill', storageLocation: location, snapshotTag: backupName, entities: table, bandwidth: `${Math.max(1, Math.round(MB / 6))}MBPS` });
        assert.equal(response.status, 201, response.text);
        const id = response.json.id as string;
        const restoreId = await waitFor('the drill downloading', async () => {
          const op = (await http(sidecar.url, 'GET', `/operations/${id}`)).json;
          if (op.restorePhase !== 'DOWNLOAD') return undefined;
          return (await http(sidecar.url, 'GET', `/operations/${op.restoreOperationId}`)).json.bytesTransferred > 0 ? (op.restoreOperationId as string) : undefined;
        }, 120_000);
        assert.deepEqual(await scratchKeyspaces(), [`drill_${ks}`]);
        await sidecar.kill9();
        await sidecar.start();
        const done = await waitForState(sidecar.url, id, ['COMPLETED', 'FAILED', 'CANCELLED'], 600_000);
        assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
        assert.equal(done.ok, true, JSON.stringify(done.mismatches));
        assert.equal(done.rows, rowsWritten);
        const killedRestore = (await http(sidecar.url, 'GET', `/operations/${restoreId}`)).json;
        assert.notEqual(killedRestore.state, 'RUNNING');
        assert.deepEqual(await scratchKeyspaces(), []);
      });
    });
  });
}

/**
 * The test's own oracle of a table's content (independent of the sidecar's digest code): every row
 * read at CL ALL, page by page (a 100 MB table in one page would exhaust the test bed's heap), as
 * the SHA-256 of its sorted row hashes.
 */
async function rowsDigest(cql: cassandra.Client, table: string): Promise<string> {
  const hashes: string[] = [];
  let pageState: string | undefined;
  do {
    const page = await cql.execute(`SELECT * FROM ${table}`, [], { fetchSize: 2_000, pageState, consistency: cassandra.types.consistencies.all });
    for (const row of page.rows) hashes.push(createHash('sha256').update(JSON.stringify(row.keys().map((k) => [k, cell(row.get(k))]))).digest('hex'));
    pageState = page.pageState ?? undefined;
  } while (pageState);
  return createHash('sha256').update(hashes.sort().join('\n')).digest('hex');
}

function cell(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([k, v]) => [cell(k), cell(v)]);
  if (value instanceof Set || Array.isArray(value)) return [...value].map(cell);
  return value === null || value === undefined ? null : String(value);
}

function durationOf(op: { startTime?: string; completionTime?: string }): number {
  return op.startTime && op.completionTime ? (Date.parse(op.completionTime) - Date.parse(op.startTime)) / 1000 : NaN;
}
