import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { TestRedis } from '../support/redis-server.js';
import { http, startTestSidecar } from '../support/sidecar.js';

const OUTSIDE = '/etc/icarus-test';

describe('paths in requests stay inside the allowed directories; /config hides secrets', () => {
  let redis: TestRedis;
  let server: RunningServer;
  let root: string;
  let confDir: string;
  let dataDir: string;

  before(async () => {
    redis = await TestRedis.start();
    root = realpathSync(mkdtempSync(join(tmpdir(), 'icarus-roots-')));
    confDir = join(root, 'conf');
    dataDir = join(root, 'sidecar');
    mkdirSync(confDir);
    mkdirSync(join(root, 'allowed'));
    symlinkSync('/etc', join(root, 'allowed', 'etc-link'));
    writeFileSync(join(confDir, 'cassandra.yaml'),
      'cluster_name: Roots\nserver_encryption_options:\n  keystore: conf/.keystore\n  keystore_password: hunter2-keystore\n  truststore_password: hunter2-trust\n');
    // Only the configured directories: no Jolokia (nothing listens on port 9), no OS temp dir.
    server = await startTestSidecar(redis.url, {
      jolokiaUrl: 'http://127.0.0.1:9/jolokia/', allowedPath: join(root, 'allowed'), cassandraConfigDir: confDir, dataDir,
    });
  });
  after(async () => {
    await server?.close();
    await redis?.dispose();
  });

  const location = () => `file://${root}/allowed/backups/bucket/cluster/dc1/node1`;
  /** A valid request of every type with path fields, and the field a bad path goes into. */
  const cases = (bad: string): Array<[string, Record<string, unknown>]> => [
    ['dataDirs', { type: 'backup', storageLocation: location(), snapshotTag: 's', dataDirs: [join(root, 'allowed'), bad] }],
    ['storageLocation', { type: 'backup', storageLocation: `file://${bad}/bucket/cluster/dc1/node1`, snapshotTag: 's' }],
    ['toFile', { type: 'list', storageLocation: location(), toFile: bad }],
    ['cacheDir', { type: 'list', storageLocation: location(), cacheDir: bad }],
    ['cacheDir', { type: 'remove-backup', storageLocation: location(), backupName: 'x', cacheDir: bad }],
    ['sourceDir', { type: 'import', keyspace: 'ks', table: 't', sourceDir: bad }],
    ['tablePath', { type: 'import', keyspace: 'ks', table: 't', tablePath: bad }],
    ['import.sourceDir', { type: 'restore', storageLocation: location(), snapshotTag: 's', restorationStrategyType: 'IMPORT', restorationPhase: 'DOWNLOAD', import: { sourceDir: bad } }],
    ['import.tablePath', { type: 'restore', storageLocation: location(), snapshotTag: 's', restorationStrategyType: 'IMPORT', restorationPhase: 'DOWNLOAD', import: { sourceDir: join(root, 'allowed', 'dl'), tablePath: bad } }],
    ['dataDirs', { type: 'restore', storageLocation: location(), snapshotTag: 's', dataDirs: [bad] }],
    ['cassandraDirectory', { type: 'restore', storageLocation: location(), snapshotTag: 's', cassandraDirectory: bad }],
    ['cassandraConfigDirectory', { type: 'restore', storageLocation: location(), snapshotTag: 's', cassandraConfigDirectory: bad }],
    ['cassandraCommitLogDirectory', { type: 'commitlog-backup', storageLocation: location(), cassandraCommitLogDirectory: bad }],
    ['commitLogArchiveOverride', { type: 'commitlog-backup', storageLocation: location(), commitLogArchiveOverride: bad }],
    ['commitLog', { type: 'commitlog-backup', storageLocation: location(), commitLog: `file://${bad}` }],
    ['commitlogDownloadDir', { type: 'commitlog-restore', storageLocation: location(), commitlogDownloadDir: bad, timestampStart: 0, timestampEnd: 1 }],
    ['cassandraCommitLogDirectory', { type: 'commitlog-restore', storageLocation: location(), commitlogDownloadDir: join(root, 'allowed'), cassandraCommitLogDirectory: bad, timestampStart: 0, timestampEnd: 1 }],
    ['cassandraConfigDirectory', { type: 'commitlog-restore', storageLocation: location(), commitlogDownloadDir: join(root, 'allowed'), cassandraConfigDirectory: bad, timestampStart: 0, timestampEnd: 1 }],
  ];

  it('refuses a path outside the allowed directories in every path field, with 400 naming it', async () => {
    for (const [field, body] of cases(OUTSIDE)) {
      const reply = await http(server.url, 'POST', '/operations', body);
      assert.equal(reply.status, 400, `${body.type} ${field}: ${reply.text}`);
      assert.deepEqual(reply.json.errors.map((e: { field: string }) => e.field), [field], reply.text);
      assert.match(reply.json.errors[0].problem, /is outside the directories requests may use: .*allowed.*add one with --allowed-path/);
    }
  });

  it("refuses '..' traversal in every path field (the field's own 400) and a symlink leading out", async () => {
    for (const [field, body] of cases(`${root}/allowed/../../../etc`)) {
      const reply = await http(server.url, 'POST', '/operations', body);
      assert.equal(reply.status, 400, `${body.type} ${field}: ${reply.text}`);
      assert.ok(reply.json.errors.some((e: { field: string }) => e.field === field), reply.text);
    }
    const viaLink = await http(server.url, 'POST', '/operations', { type: 'list', storageLocation: location(), toFile: join(root, 'allowed', 'etc-link', 'passwd') });
    assert.equal(viaLink.status, 400, viaLink.text);
    assert.match(viaLink.json.errors[0].problem, /it leads to \/etc\/passwd/);
  });

  it('accepts paths under --allowed-path, --cassandra-config-dir and --data-dir, and stores them normalised', async () => {
    const listed = await http(server.url, 'POST', '/operations', { type: 'list', storageLocation: location(), toFile: `${root}/allowed//lists/./out.txt/` });
    assert.equal(listed.status, 201, listed.text);
    assert.equal(listed.json.toFile, join(root, 'allowed', 'lists', 'out.txt'));
    const inConf = await http(server.url, 'POST', '/operations', { type: 'list', storageLocation: location(), cacheDir: join(confDir, 'cache') });
    assert.equal(inConf.status, 201, inConf.text);
    const inData = await http(server.url, 'POST', '/operations', { type: 'list', storageLocation: location(), cacheDir: join(dataDir, 'esop') });
    assert.equal(inData.status, 201, inData.text);
    const tmp = await http(server.url, 'POST', '/operations', { type: 'list', storageLocation: location(), toFile: join(tmpdir(), 'x.txt') });
    assert.equal(tmp.status, 400, 'the OS temp dir is not allowed unless configured');
  });

  it('GET /config serves cassandra.yaml with its passwords replaced', async () => {
    const reply = await http(server.url, 'GET', '/config');
    assert.equal(reply.status, 200);
    assert.match(reply.text, /cluster_name: Roots/);
    assert.match(reply.text, /keystore_password: '\*\*\*\*\*'/);
    assert.equal(reply.text.includes('hunter2'), false, reply.text);
  });
});
