import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StorageService } from '../../cassandra/storage-service.js';
import { OperationFailedError, UnavailableError, ValidationError } from '../../common/errors.js';
import { loadConfig } from '../../config/sidecar-config.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { DEFAULT_RETRY } from '../../storage/index.js';
import { parseProperties } from './archiving-properties.js';
import { CommitlogRestoreHandler } from './commitlog-restore.handler.js';
import type { CommitlogRestoreRequest } from './commitlog-restore.request.js';

/** An in-memory context whose checkpoints survive from one run to the next, as a resumed job's do. */
class FakeContext implements OperationContext<CommitlogRestoreRequest> {
  readonly id = 'op';
  readonly signal = new AbortController().signal;
  readonly checkpoints = new Map<string, unknown>();
  readonly outputs: string[] = [];
  lastProgress?: { fraction: number; bytesTotal?: number; bytesTransferred?: number };
  resumed = false;
  constructor(readonly request: CommitlogRestoreRequest) {}
  async progress(fraction: number, transfer?: { bytesTotal: number; bytesTransferred: number }) {
    this.lastProgress = { fraction, ...transfer };
  }
  restore<T>(key: string) {
    return this.checkpoints.get(key) as T | undefined;
  }
  async checkpoint(key: string, value: unknown) {
    this.checkpoints.set(key, JSON.parse(JSON.stringify(value)));
  }
  async addError() {}
  async publish() {}
  output(text: string) {
    this.outputs.push(text);
  }
}

const SEGMENT = 'x'.repeat(1000);

describe('commitlog-restore handler (file:// bucket)', () => {
  let root: string;
  let n = 0;
  const down = { commitLogLocation: async () => Promise.reject(new UnavailableError('Jolokia at http://127.0.0.1:8778/jolokia/ is unreachable')) };
  const handler = (storage: object = down) => new CommitlogRestoreHandler(loadConfig({}, {}), storage as StorageService);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'icarus-clr-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  /** A bucket with segments closed at 1000, 2000 (twice) and 3000 ms, a commit-log dir with two files, a config dir. */
  async function layout(envSh = true) {
    const dir = join(root, `case${++n}`);
    const objects = join(dir, 'bucket/cl/dc1/node1/commitlog');
    await mkdir(objects, { recursive: true });
    for (const [name, mtime, fill] of [['CommitLog-8-1.log', 1000, 'a'], ['CommitLog-8-2.log', 1500, 'b'], ['CommitLog-8-2.log', 2000, 'c'], ['CommitLog-8-3.log', 3000, 'd']] as const) {
      await writeFile(join(objects, `${name}.${mtime}`), fill.repeat(SEGMENT.length));
    }
    await mkdir(join(dir, 'cassandra/commitlog'), { recursive: true });
    for (const f of ['CommitLog-8-9.log', 'CommitLog-8-10.log']) await writeFile(join(dir, 'cassandra/commitlog', f), 'live');
    await mkdir(join(dir, 'conf'));
    await writeFile(join(dir, 'conf/commitlog_archiving.properties'), '# kept\narchive_command=/bin/ln %path /archive/%name\n');
    if (envSh) await writeFile(join(dir, 'conf/cassandra-env.sh'), 'JVM_OPTS="$JVM_OPTS -Xss256k"\n');
    const request = {
      type: 'commitlog-restore', storageLocation: `file://${dir}/bucket/cl/dc1/node1`, cassandraCommitLogDirectory: join(dir, 'cassandra/commitlog'),
      cassandraConfigDirectory: join(dir, 'conf'), commitlogDownloadDir: join(dir, 'restore'), timestampStart: 0, timestampEnd: 1200,
      keyspaceTables: { ks: ['t1', 't2'] }, sharedContainerPath: '/', concurrentConnections: 2, insecure: false, skipBucketVerification: false, retry: DEFAULT_RETRY,
    } as unknown as CommitlogRestoreRequest;
    return { dir, objects, request };
  }

  it('downloads the window and its overhang, moves the commit log aside once, writes the properties and the replay list', async () => {
    const { dir, objects, request } = await layout();
    const context = new FakeContext(request);
    const result = await handler().run(context);
    assert.equal(result.downloadedSegments, 2);
    assert.deepEqual(result.segments, ['CommitLog-8-1.log', 'CommitLog-8-2.log']);
    assert.equal(result.restorePointInTime, '1970:01:01 00:00:01.200');
    assert.deepEqual(await readdir(join(dir, 'restore')), ['CommitLog-8-1.log', 'CommitLog-8-2.log']);
    assert.equal(await readFile(join(dir, 'restore/CommitLog-8-2.log'), 'utf8'), 'c'.repeat(SEGMENT.length), 'the latest copy of segment 2');
    assert.deepEqual(context.lastProgress, { fraction: 1, bytesTotal: 2000, bytesTransferred: 2000, etaSeconds: undefined });

    const aside = result.movedAsideTo as string;
    assert.match(aside, new RegExp(`^${dir}/cassandra/commitlogs-\\d+$`));
    assert.deepEqual(await readdir(aside), ['CommitLog-8-10.log', 'CommitLog-8-9.log']);
    assert.deepEqual(await readdir(join(dir, 'cassandra/commitlog')), []);

    const properties = await readFile(join(dir, 'conf/commitlog_archiving.properties'), 'latin1');
    assert.ok(properties.startsWith('# kept\n'));
    assert.deepEqual(Object.fromEntries(parseProperties(properties)), {
      archive_command: '/bin/ln %path /archive/%name', restore_command: 'cp -f %from %to',
      restore_directories: join(dir, 'restore'), restore_point_in_time: '1970:01:01 00:00:01.200',
    });
    const envLine = 'JVM_OPTS="$JVM_OPTS -Dcassandra.replayList=ks.t1,ks.t2"';
    assert.equal(await readFile(join(dir, 'conf/cassandra-env.sh'), 'utf8'), `JVM_OPTS="$JVM_OPTS -Xss256k"\n${envLine}\n`);
    assert.equal(result.cassandraEnvUpdated, true);

    // Run again with the same checkpoints (a resumed job): nothing moved or downloaded twice, nothing appended twice.
    await writeFile(join(dir, 'cassandra/commitlog/CommitLog-8-11.log'), 'new');
    await writeFile(join(objects, 'CommitLog-8-1.log.1000'), 'z'.repeat(SEGMENT.length));
    const again = await handler().run(context);
    assert.equal(again.movedAsideTo, aside);
    assert.deepEqual(await readdir(join(dir, 'cassandra/commitlog')), ['CommitLog-8-11.log']);
    assert.equal(await readFile(join(dir, 'restore/CommitLog-8-1.log'), 'utf8'), 'a'.repeat(SEGMENT.length), 'not downloaded again');
    assert.equal((await readFile(join(dir, 'conf/cassandra-env.sh'), 'utf8')).split(envLine).length, 2);
  });

  it('continues a move aside that was interrupted, into the same directory', async () => {
    const { dir, request } = await layout();
    const context = new FakeContext(request);
    const target = join(dir, 'cassandra/commitlogs-1');
    await mkdir(target);
    await writeFile(join(target, 'CommitLog-8-8.log'), 'moved before the crash');
    await context.checkpoint('movedAside', { target, done: false });
    const result = await handler().run(context);
    assert.equal(result.movedAsideTo, target);
    assert.deepEqual(await readdir(target), ['CommitLog-8-10.log', 'CommitLog-8-8.log', 'CommitLog-8-9.log']);
  });

  it('fails before touching the node when no segment fits, or when the download directory holds other files', async () => {
    const { dir, request } = await layout();
    await assert.rejects(handler().run(new FakeContext({ ...request, timestampStart: 5000, timestampEnd: 6000 })), (err: unknown) =>
      err instanceof OperationFailedError && /none of the 4 segment\(s\) in file:.*\/commitlog\/ was last modified between 1970-01-01T00:00:05.000Z/.test(err.message));
    await mkdir(join(dir, 'restore'));
    await writeFile(join(dir, 'restore/CommitLog-7-1.log'), 'from another restore');
    await assert.rejects(handler().run(new FakeContext(request)), /holds entries that are not segments of this restore: CommitLog-7-1.log/);
    assert.deepEqual((await readdir(join(dir, 'cassandra/commitlog'))).sort(), ['CommitLog-8-10.log', 'CommitLog-8-9.log'], 'nothing moved');
  });

  it('says how to pass the replay list when there is no cassandra-env.sh', async () => {
    const { request } = await layout(false);
    const context = new FakeContext(request);
    const result = await handler().run(context);
    assert.equal(result.cassandraEnvUpdated, false);
    assert.ok(context.outputs.some((o) => o.includes('-Dcassandra.replayList=ks.t1,ks.t2') && o.includes('does not exist')));
  });

  it('refuses bad requests up front, and asks Cassandra for the commit-log directory', async () => {
    const { dir, request } = await layout();
    const field = (f: string) => (err: unknown) => err instanceof ValidationError && err.problems[0].field === f;
    const active = { active: [] };
    await assert.rejects(handler().precheck({ ...request, timestampStart: 2, timestampEnd: 1 }, active), field('timestampStart'));
    await assert.rejects(handler().precheck({ ...request, storageLocation: `file://${dir}/bucket` }, active), field('storageLocation'));
    await assert.rejects(handler().precheck({ ...request, commitlogDownloadDir: join(dir, 'cassandra/commitlog/x') }, active), field('commitlogDownloadDir'));
    await assert.rejects(handler().precheck({ ...request, commitlogDownloadDir: `${dir}/a,b` }, active), field('commitlogDownloadDir'));
    const { cassandraCommitLogDirectory: _, ...withoutDir } = request;
    await assert.rejects(handler().precheck(withoutDir as CommitlogRestoreRequest, active),
      (err: unknown) => field('cassandraCommitLogDirectory')(err) && /does not answer through Jolokia \(Jolokia at http/.test((err as Error).message));
    await assert.rejects(handler().precheck(request, { active: [{ id: 'x', type: 'commitlog-restore', state: 'RUNNING' as never, request: {} }] }), /already under way/);

    // Cassandra answers: it is running, so its commit-log files stay where they are.
    const up = { commitLogLocation: async () => join(dir, 'cassandra/commitlog') };
    await handler(up).precheck(withoutDir as CommitlogRestoreRequest, active);
    const context = new FakeContext(withoutDir as CommitlogRestoreRequest);
    const result = await handler(up).run(context);
    assert.equal(result.commitLogDirectory, join(dir, 'cassandra/commitlog'));
    assert.equal(result.movedAsideTo, null);
    assert.equal((await readdir(join(dir, 'cassandra/commitlog'))).length, 2);
    assert.ok(context.outputs.some((o) => o.includes('Cassandra is running')));
  });
});
