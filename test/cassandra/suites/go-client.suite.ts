import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createStorageProvider, parseStorageRequestOptions, StorageLocation } from '../../../src/storage/index.js';
import { ResponseContract } from '../../support/openapi-contract.js';
import type { GlobalBed } from '../global-bed.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SOURCE = join(ROOT, 'test/go-client');
const BINARY = join(ROOT, 'dist-test/go-client/go-client');
const run = promisify(execFile);

/** Concrete request path → the path template /docs-json documents it under. */
function template(path: string): string {
  const bare = path.split('?')[0];
  if (/^\/operations\/[^/]+$/.test(bare)) return '/operations/{id}';
  if (/^\/topology\/[^/]+$/.test(bare)) return '/topology/{dcs}';
  return bare;
}

/**
 * Issue 12: the Icarus Go client CassKop pins (instaclustr-icarus-go-client v0.0.0-20210427160512-5264f1cbba08,
 * from the Go module proxy) drives the sidecars of the 3-node bed: node information, node
 * operations, the list filter under its name `status`, and CassKop's cluster-wide backup and restore
 * requests. The Go program decodes every answer strictly into the client's models; every answer it
 * got is also checked here against /docs-json.
 */
export function goClientSuite(g: GlobalBed): void {
  describe('Icarus Go client (as CassKop uses it) against the sidecars', () => {
    const ks = `go_${randomBytes(3).toString('hex')}`;
    let contract: ResponseContract;

    before(async () => {
      // go build fetches the client module from the Go module proxy on a fresh machine (GOFLAGS=-mod=mod
      // lets it complete go.sum); later builds are cached.
      const env = { ...process.env, GOFLAGS: '-mod=mod' };
      await run('go', ['build', '-o', BINARY, '.'], { cwd: SOURCE, env, timeout: 8 * 60_000 }).catch((err: Error & { stderr?: string }) => {
        throw new Error(`building test/go-client failed (is Go on PATH? scripts/install-deps.sh installs it): ${err.stderr ?? err.message}`);
      });
      contract = await ResponseContract.load(g.url(1));
      const cql = g.b.ctx.cql;
      await cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}`);
      await cql.execute(`CREATE TABLE ${ks}.t (id int PRIMARY KEY, v text)`);
      for (let id = 0; id < 50; id++) await cql.execute(`INSERT INTO ${ks}.t (id, v) VALUES (?, ?)`, [id, `go-${id}`], { prepare: true });
    }, { timeout: 10 * 60_000 });

    /** Runs the Go program; returns its summary and checks every answer it got against /docs-json. */
    async function goClient(node: number, command: string, flags: Record<string, string | boolean> = {}): Promise<any> {
      const record = join(ROOT, 'dist-test/go-client', `${command}-${randomBytes(3).toString('hex')}.jsonl`);
      const args = ['-url', g.url(node), '-record', record, ...Object.entries(flags).flatMap(([k, v]) => (v === true ? [`-${k}`] : [`-${k}`, String(v)])), command];
      const { stdout } = await run(BINARY, args, { timeout: 6 * 60_000 }).catch((err: Error & { stderr?: string }) => {
        throw new Error(`go-client ${command} failed: ${err.stderr ?? err.message}`);
      });
      const answers = (await readFile(record, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
      for (const answer of answers) {
        if (!answer.body) continue;
        contract.check(answer.method, template(answer.path), answer.status, answer.body);
        if (template(answer.path).startsWith('/operations') && answer.status < 300) {
          for (const operation of [answer.body].flat()) assert.deepEqual(contract.undocumentedFields(operation), [], `${answer.path}: ${JSON.stringify(operation)}`);
        }
      }
      return JSON.parse(stdout);
    }

    it('version, status, topology and config decode into the client\'s models (buildTime as a Go time.Time)', async () => {
      const info = await goClient(1, 'info', { dc: 'dc1' });
      assert.equal(info.nodeState, 'NORMAL');
      assert.equal(info.nodes, 3);
      assert.equal(info.nodesInDc, 3);
      assert.match(info.cassandra, /^5\.0\.\d+$/);
      assert.ok(Date.parse(info.buildTime) > Date.parse('2020-01-01'), info.buildTime);
    });

    it('flush and cleanup, followed to COMPLETED; the list filter `status` works; a non-UUID id is a JSON 404', async () => {
      const ops = await goClient(1, 'nodeops', { keyspace: ks, table: 't' });
      assert.ok(ops.completedFlushes >= 1);
      assert.match(ops.flush, /^[0-9a-f-]{36}$/);
    });

    it("CassKop's cluster-wide backup and its restore (HARDLINKS, global DOWNLOAD, host ids from the topology file) bring the rows back", async () => {
      const bucket = `go${randomBytes(5).toString('hex')}`;
      const provider = createStorageProvider(StorageLocation.parse(`s3://${bucket}/c/d/n`), parseStorageRequestOptions({ createMissingBucket: true }), g.b.env);
      await provider.ensureBucket();
      await provider.close();
      const before = await g.b.rows(`${ks}.t`);
      const backup = await goClient(2, 'backup', { location: `s3://${bucket}`, tag: 'casskop', entities: ks, global: true });
      assert.match(backup.snapshotTag, /^casskop-[0-9a-f-]{36}-\d{13}$/);

      await g.b.ctx.cql.execute(`TRUNCATE ${ks}.t`);
      assert.equal((await g.b.rows(`${ks}.t`)).length, 0);
      const sourceDir = await g.tempDir('icarus-go-restore-');
      const restore = await goClient(3, 'restore', { location: `s3://${bucket}`, tag: 'casskop', entities: ks, global: true, 'source-dir': sourceDir, phase: 'DOWNLOAD' });
      assert.equal(restore.progress, 1);
      assert.deepEqual(await g.b.rows(`${ks}.t`), before);
    });

    it('the node backup body of issue 8 (globalRequest false, s3://bucket/cl/dc1/node1) completes', async () => {
      const bucket = `go${randomBytes(5).toString('hex')}`;
      const location = `s3://${bucket}/cl/dc1/node1`;
      const provider = createStorageProvider(StorageLocation.parse(location), parseStorageRequestOptions({ createMissingBucket: true }), g.b.env);
      await provider.ensureBucket();
      const backup = await goClient(1, 'backup', { location, tag: 'snap1', entities: ks });
      assert.equal(backup.storageLocation, location);
      assert.ok((await provider.list('cl/dc1/node1/manifests/')).some((o) => o.key.includes('/snap1-')));
      await provider.close();
    });
  });
}
