import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createStorageProvider, parseStorageRequestOptions, StorageLocation } from '../../../src/storage/index.js';
import { parsePrometheus, type Sample, sampleSum } from '../../support/prometheus.js';
import { http, startTestSidecar, waitFor, waitForState } from '../../support/sidecar.js';
import type { BedContext } from '../bed-context.js';
import type { NodeSidecars } from '../sidecars.js';

async function scrape(base: string): Promise<Sample[]> {
  return parsePrometheus(await (await fetch(`${base}/metrics`)).text());
}

/**
 * Probes, metrics and Kubernetes Secret credentials against a real node: readiness follows the real
 * Jolokia agent going away and coming back; Jolokia series never carry keyspace or table names; a
 * real backup to the S3 emulator runs with credentials that exist only in a mounted Secret.
 */
export function observabilitySuite(ctx: BedContext, sidecars: NodeSidecars, storageEnv: () => Record<string, string>): void {
  describe('health, metrics and Kubernetes credentials on a real node', () => {
    it('readiness is 200 with the real agent, 503 naming jolokia within a second while it is unreachable, 200 when it returns', async () => {
      const base = sidecars.proxied.url;
      const up = await http(base, 'GET', '/health/ready');
      assert.equal(up.status, 200, up.text);
      assert.equal(up.json.checks.jolokia.nodeState, 'NORMAL');
      await sidecars.proxy.pause();
      try {
        const started = Date.now();
        const down = await http(base, 'GET', '/health/ready');
        assert.ok(Date.now() - started < 1000, `readiness took ${Date.now() - started} ms`);
        assert.equal(down.status, 503, down.text);
        assert.deepEqual(down.json.down, ['jolokia']);
        assert.equal((await http(base, 'GET', '/health/live')).status, 200);
      } finally {
        await sidecars.proxy.resume();
      }
      await waitFor('ready again', async () => ((await http(base, 'GET', '/health/ready')).status === 200 ? true : undefined));
    });

    it('Jolokia calls of a real flush are timed by kind and MBean type, never by keyspace or table', async () => {
      const base = sidecars.url(1);
      await ctx.cql.execute(`CREATE TABLE IF NOT EXISTS ${ctx.keyspace}.obs_metrics (id int PRIMARY KEY)`);
      const flush = await http(base, 'POST', '/operations', { type: 'flush', keyspace: ctx.keyspace, tables: ['obs_metrics'] });
      assert.equal((await waitForState(base, flush.json.id, ['COMPLETED', 'FAILED'], 60_000)).state, 'COMPLETED');
      const samples = await scrape(base);
      assert.ok(sampleSum(samples, 'icarus_jolokia_request_duration_seconds_count', { kind: 'exec', mbean_group: 'StorageService' }) >= 1);
      assert.ok(sampleSum(samples, 'icarus_jolokia_request_duration_seconds_count', { kind: 'read' }) >= 1);
      const leaked = samples.filter((s) => Object.values(s.labels).some((v) => v.includes(ctx.keyspace) || v.includes('obs_metrics')));
      assert.deepEqual(leaked, []);
    });

    it('a backup of a real node to S3 with credentials only from a mounted Secret', async () => {
      const env = storageEnv();
      const root = mkdtempSync(join(tmpdir(), 'icarus-k8s-secrets-'));
      mkdirSync(join(root, 'backup-creds'));
      const secret = { awsaccesskeyid: env.AWS_ACCESS_KEY_ID, awssecretaccesskey: env.AWS_SECRET_ACCESS_KEY, awsendpoint: env.AWS_ENDPOINT, awsregion: 'us-east-1' };
      for (const [key, value] of Object.entries(secret)) writeFileSync(join(root, 'backup-creds', key), value);
      const node = ctx.bed.nodes[0];
      const server = await startTestSidecar(
        sidecars.redis.url,
        { jolokiaUrl: node.jolokiaUrl, listen: `${node.ip}:0`, k8sSecretsRoot: root },
        { AWS_ENABLE_PATH_STYLE_ACCESS: 'true' },
      );
      try {
        await ctx.cql.execute(`CREATE TABLE IF NOT EXISTS ${ctx.keyspace}.obs_backup (id int PRIMARY KEY, v text)`);
        await ctx.cql.execute(`INSERT INTO ${ctx.keyspace}.obs_backup (id, v) VALUES (1, 'one')`);
        const bucket = `k8s${Date.now().toString(36)}`;
        const before = sampleSum(await scrape(server.url), 'icarus_storage_transferred_bytes_total', { provider: 's3', direction: 'upload' });
        const submitted = await http(server.url, 'POST', '/operations', {
          type: 'backup', storageLocation: `s3://${bucket}`, createMissingBucket: true, entities: `${ctx.keyspace}.obs_backup`,
          snapshotTag: 'k8s', k8sSecretName: 'backup-creds', k8sNamespace: 'default',
        });
        assert.equal(submitted.status, 201, submitted.text);
        const done = await waitForState(server.url, submitted.json.id, ['COMPLETED', 'FAILED'], 120_000);
        assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
        assert.ok(!JSON.stringify(done).includes(env.AWS_SECRET_ACCESS_KEY));
        const inspect = createStorageProvider(StorageLocation.parse(done.storageLocation), parseStorageRequestOptions({}), env);
        const manifests = (await inspect.list('')).filter((o) => o.key.includes('/manifests/k8s-'));
        await inspect.close();
        assert.equal(manifests.length, 1);
        assert.ok(sampleSum(await scrape(server.url), 'icarus_storage_transferred_bytes_total', { provider: 's3', direction: 'upload' }) > before);
        const missing = await http(server.url, 'POST', '/operations', {
          type: 'backup', storageLocation: `s3://${bucket}`, entities: ctx.keyspace, k8sSecretName: 'not-mounted',
        });
        assert.equal(missing.status, 400, missing.text);
        assert.equal(missing.json.errors[0].field, 'k8sSecretName');
      } finally {
        await server.close();
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
}
