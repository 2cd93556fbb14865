import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fetchEsop, runEsop } from '../../support/esop.js';
import type { BackupBed } from '../backup-bed.js';

/**
 * Interoperability with the real Esop 3.0.1 (JMX on the bed): Esop lists and restores (HARDLINKS,
 * phase by phase) a backup this sidecar wrote; this sidecar lists a backup Esop wrote with the same
 * names and sizes as Esop itself.
 */
export function backupInteropSuite(b: BackupBed): void {
  describe('interoperability with Esop 3.0.1', () => {
    const node = () => b.ctx.bed.nodes[0];
    const esop = async (args: string[]) => {
      const result = await runEsop(args, { timeoutMs: 180_000 });
      assert.equal(result.code, 0, `esop ${args[0]} failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
      return result.stdout;
    };
    const esopReport = async (location: string) => JSON.parse(jsonOf(await esop(['list', `--storage-location=${location}`, '--json'])));

    before(() => fetchEsop(), { timeout: 10 * 60_000 });

    it('Esop lists our backup and restores it into the node (rows back as they were)', async () => {
      const ours = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks2, snapshotTag: 'for-esop' });
      const report = await esopReport(ours.storageLocation);
      assert.deepEqual(report.reports.map((r: { name: string }) => r.name), [ours.snapshotTag]);
      const listed = await b.run({ type: 'list', storageLocation: ours.storageLocation, toRequest: true });
      assert.deepEqual(summary(listed.response), summary(report), 'Esop and we see the same backup');

      const rows = await b.ctx.cql.execute(`SELECT id, v FROM ${b.ks2}.other`);
      await b.ctx.cql.execute(`INSERT INTO ${b.ks2}.other (id, v) VALUES (100000, 'written after the backup')`);
      const download = await mkdtemp(join(tmpdir(), 'esop-download-'));
      try {
        for (const phase of ['download', 'truncate', 'import', 'cleanup']) {
          await esop([
            'restore', '--jmx-service', node().jmx!, `--storage-location=${ours.storageLocation}`,
            '--cassandra-dir', dirname(node().dataDir), '--data-dir', node().dataDir, '--entities', b.ks2,
            '--snapshot-tag', ours.snapshotTag, '--restoration-strategy-type=hardlinks', `--restoration-phase-type=${phase}`,
            '--import-source-dir', download,
          ]);
        }
      } finally {
        await rm(download, { recursive: true, force: true });
      }
      const restored = await b.ctx.cql.execute(`SELECT id, v FROM ${b.ks2}.other`);
      assert.deepEqual(sortRows(restored.rows), sortRows(rows.rows), 'exactly the rows of the backup');
    });

    it('we list a backup Esop wrote with Esop\'s names and sizes', async () => {
      const location = `file://${b.fileRoot}/esop-bucket/cl/dc1/node1`;
      await esop(['backup', '--jmx-service', node().jmx!, `--storage-location=${location}`, '--data-dir', node().dataDir, '--entities', b.ks, '--snapshot-tag', 'by-esop']);
      const theirs = await esopReport(location);
      assert.equal(theirs.reports.length, 1);
      const listed = await b.run({ type: 'list', storageLocation: location, toRequest: true });
      assert.deepEqual(summary(listed.response), summary(theirs));
    });
  });
}

/** What both listings must agree on: names, file counts, sizes, reclaimable space, totals. */
function summary(report: { totalSize: number; totalFiles: number; reports: Array<Record<string, unknown>> }) {
  return {
    totalSize: report.totalSize,
    totalFiles: report.totalFiles,
    reports: report.reports.map((r) => ({ name: r.name, files: r.files, size: r.size, reclaimableSpace: r.reclaimableSpace })),
  };
}

/** Esop logs to stdout too: its JSON report is the object from the first line that starts with `{`. */
function jsonOf(stdout: string): string {
  const start = stdout.search(/^\{/m);
  assert.ok(start >= 0, `no JSON in Esop's output:\n${stdout.slice(-2000)}`);
  return stdout.slice(start, stdout.lastIndexOf('}') + 1);
}

function sortRows(rows: Array<{ get(column: string): unknown }>): Array<[number, string]> {
  return rows.map((r): [number, string] => [r.get('id') as number, r.get('v') as string]).sort((x, y) => x[0] - y[0]);
}
