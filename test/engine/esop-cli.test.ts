import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable, Module } from '@nestjs/common';
import { JolokiaClient } from '../../src/cassandra/jolokia.client.js';
import { esopCommand } from '../../src/cli/esop-command.js';
import { type OperationContext, OperationHandlerFor } from '../../src/operations/operation-handler.js';
import { IntField, StringArrayField, StringField, TypeField } from '../../src/operations/request-fields.js';
import { waitFor } from '../support/sidecar.js';

/*
 * `icarus esop <command>` as a user runs it, in a real process. The shipped build may or may not
 * register backup, restore, … yet, so the CLI plumbing is proven with test handlers of those types:
 * run with TEST_CHILD set, this file is itself an `icarus esop` whose operation modules are the
 * test module below (the CLI's test-only `operationModules`).
 */
const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const TEST_CHILD = 'ICARUS_ESOP_CLI_TEST_CHILD';
const DEAD_JOLOKIA = 'http://127.0.0.1:1/jolokia/';

class TestBackupRequest {
  @TypeField('backup') type = 'backup';
  @StringField('where', { required: true }) storageLocation: string;
  @StringField('what the test handler does') snapshotTag?: string;
  @IntField('parallel transfers', { min: 1 }) concurrentConnections?: number;
  @StringArrayField('data directories') dataDirs?: string[];
}

/** Moves 5 MB in five steps, or fails, waits, or calls Jolokia, as its snapshot tag says. */
@OperationHandlerFor({ type: 'backup', request: TestBackupRequest, resumable: false, role: 'operate' })
@Injectable()
class TestBackupHandler {
  constructor(@Inject(JolokiaClient) private readonly jolokia: JolokiaClient) {}

  async run(context: OperationContext<TestBackupRequest>): Promise<void> {
    const tag = context.request.snapshotTag;
    if (tag === 'jolokia') await this.jolokia.read('org.apache.cassandra.db:type=StorageService', 'ClusterName');
    if (tag === 'fail') await context.addError('table ks.t could not be read');
    if (tag === 'wait' || tag === 'stubborn') {
      context.output('waiting');
      const alive = setInterval(() => undefined, 1_000); // an abort listener alone does not keep a process running
      try {
        await new Promise((resolve) => (tag === 'wait' ? context.signal.addEventListener('abort', resolve) : undefined));
      } finally {
        clearInterval(alive);
      }
      throw context.signal.reason;
    }
    for (let step = 1; step <= 5; step++) {
      await new Promise((r) => setTimeout(r, 30));
      await context.progress(step / 5, { bytesTotal: 5_000_000, bytesTransferred: step * 1_000_000 });
    }
    context.output(JSON.stringify(context.request));
  }
}

class TestRemoveRequest {
  @TypeField('remove-backup') type = 'remove-backup';
  @StringField('where', { required: true }) storageLocation: string;
}

@OperationHandlerFor({ type: 'remove-backup', request: TestRemoveRequest, resumable: false, role: 'admin' })
@Injectable()
class TestRemoveHandler {
  private runs = 0;
  async run(context: OperationContext<TestRemoveRequest>): Promise<void> {
    context.output(`removal run ${++this.runs}`);
  }
}

@Module({ providers: [TestBackupHandler, TestRemoveHandler] })
class TestEsopModule {}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, [TEST_CHILD]: '1' };
  delete env.NODE_TEST_CONTEXT; // the child is a CLI, not a test file
  return env;
}

/** `icarus esop …` of the shipped build. */
const shipped = (...args: string[]) =>
  spawnSync(process.execPath, [MAIN, 'esop', ...args], { encoding: 'utf8', timeout: 30_000 });
/** `icarus esop …` whose operations are this file's test handlers. */
const withTestHandlers = (...args: string[]) =>
  spawnSync(process.execPath, [SELF, ...args], { encoding: 'utf8', env: childEnv(), timeout: 30_000 });

const STACK_TRACE = /\n\s+at /;

if (process.env[TEST_CHILD]) {
  await esopCommand({ operationModules: [TestEsopModule] }).parseAsync(process.argv.slice(2), { from: 'user' });
} else {
  describe('icarus esop', () => {
    it('lists its six commands, and each command its flags with their environment variables', () => {
      const group = shipped('--help');
      assert.equal(group.status, 0);
      for (const name of ['backup', 'commitlog-backup', 'list', 'remove-backup', 'restore', 'commitlog-restore']) {
        assert.match(group.stdout, new RegExp(`\\n  ${name} \\[options\\]`), `${name} listed`);
      }
      for (const name of ['backup', 'remove-backup']) assert.match(shipped(name, '-V').stdout, /^instaclustr-icarus /, `${name} -V`);
      const backup = shipped('backup', '--help').stdout;
      for (const flag of ['--sl, --storage-location <location>', '-s, --st, --snapshot-tag <tag>', '--data-dir <dir>',
        '--cc, --concurrent-connections <n>', '--retry-max-attempts', '--proxy-host', '--jolokia-url <url>', 'env JOLOKIA_URL',
        '--jmx-service', '-V, --version']) {
        assert.ok(backup.includes(flag), `backup --help shows ${flag}`);
      }
      const restore = shipped('restore', '--help').stdout;
      for (const flag of ['--dd, --data-directory, --cassandra-dir <dir>', '--import-source-dir', '--import-no-verify [true|false]', '--rename']) {
        assert.ok(restore.includes(flag), `restore --help shows ${flag}`);
      }
      assert.ok(!shipped('commitlog-restore', '--help').stdout.includes('--jolokia-url'), 'commitlog-restore needs no Cassandra');
    });

    it('refuses JMX flags with exit 2, pointing to Jolokia and never echoing a password', () => {
      const result = shipped('backup', '--sl', 'file:///tmp/x/b/c/d/n', '--jmx-service', 'host:7199', '--jmx-password', 's3cr3t-pw');
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^icarus esop backup: --jmx-service, --jmx-password: .*through Jolokia, not JMX: use --jolokia-url/);
      assert.ok(!result.stderr.includes('s3cr3t-pw'));
    });

    it('exits 2 for bad flags and configuration', () => {
      assert.equal(shipped('backup', '--no-such-flag').status, 2);
      assert.match(shipped('backup').stderr, /required option '--sl, --storage-location <location>' not specified/);
      const badUrl = shipped('list', '--sl', 'x', '--jolokia-url', 'ftp://host/');
      assert.equal(badUrl.status, 2);
      assert.match(badUrl.stderr, /--jolokia-url \(env JOLOKIA_URL\)/);
      assert.equal(shipped('remove-backup', '--sl', 'x', '-n', 'b', '--rate', 'often').status, 2);
    });

    it('exits 2 naming the flag of a field the request parser refuses', () => {
      const result = withTestHandlers('backup', '--sl', 'file:///tmp/x/b/c/d/n', '--cc', 'many');
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /\n {2}--cc, --concurrent-connections \(concurrentConnections\): must be a whole number/);
    });

    it('runs the operation to completion: exit 0, the request as REST sends it, progress lines when not on a terminal', () => {
      const result = withTestHandlers('backup', '--storage-location', 'file:///tmp/x/b/c/d/n', '--st', 'ok', '--cc=3');
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), { type: 'backup', storageLocation: 'file:///tmp/x/b/c/d/n', snapshotTag: 'ok', concurrentConnections: 3 });
      assert.match(result.stderr, /^backup 20% 1\.0 MB\/5\.0 MB\n(backup .*\n)*backup 100% 5\.0 MB\/5\.0 MB .*done in \d+s\n$/);
    });

    it('draws one bar in place on a terminal', { skip: spawnSync('script', ['--version']).error !== undefined }, () => {
      const command = `'${process.execPath}' '${SELF}' backup --sl file:///tmp/x/b/c/d/n --st ok`;
      const result = spawnSync('script', ['-qefc', command, '/dev/null'], { encoding: 'utf8', env: childEnv(), timeout: 30_000 });
      assert.equal(result.status, 0, result.stdout);
      assert.match(result.stdout, /\rbackup {2}\[####------+\] {2}20% {2}1\.0 MB \/ 5\.0 MB/);
      assert.match(result.stdout, /\rbackup {2}\[#{20}\] 100% {2}5\.0 MB \/ 5\.0 MB .*done in \d+s\x1b\[K\r?\n/);
    });

    it('exits 1 listing the errors of a failed operation, without a stack trace', () => {
      const result = withTestHandlers('backup', '--sl', 'x', '-s', 'fail');
      assert.equal(result.status, 1);
      assert.match(result.stderr, /icarus esop backup: the operation failed with an error\n {2}- table ks\.t could not be read\n$/);
    });

    it('exits 1 naming the Jolokia URL when Cassandra cannot be reached, without a stack trace', () => {
      const result = withTestHandlers('backup', '--sl', 'x', '-s', 'jolokia', '--jolokia-url', DEAD_JOLOKIA);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^icarus esop backup: Jolokia at http:\/\/127\.0\.0\.1:1\/jolokia\/ is unreachable/m);
      assert.doesNotMatch(result.stderr, STACK_TRACE);
      // The shipped backup: not available yet, or (once it is) the same Jolokia failure.
      const real = shipped('backup', '--storage-location', 'file:///tmp/x/b/c/d/n', '--jolokia-url', DEAD_JOLOKIA);
      assert.equal(real.status, 1, real.stderr);
      assert.match(real.stderr, /is not available in this version|127\.0\.0\.1:1/);
      assert.doesNotMatch(real.stderr, STACK_TRACE);
    });

    it('exits 1 for an operation type this build does not have', () => {
      const result = withTestHandlers('restore', '--sl', 'x', '--st', 't', '--restoration-strategy-type', 'IN_PLACE');
      assert.equal(result.status, 1);
      assert.equal(result.stderr, "icarus esop restore: operation type 'restore' is not available in this version\n");
    });

    it('cancels on SIGTERM (exit 1), and a second signal exits at once', async () => {
      const polite = await runUntil(['backup', '--sl', 'x', '-s', 'wait'], 'waiting', ['SIGTERM']);
      assert.equal(polite.code, 1);
      assert.match(polite.stderr, /icarus esop backup: cancelled by SIGTERM\n$/);
      const stubborn = await runUntil(['backup', '--sl', 'x', '-s', 'stubborn'], 'waiting', ['SIGINT', 'SIGINT']);
      assert.equal(stubborn.code, 130);
    });

    it('remove-backup --rate runs again every period until SIGTERM, then exits 0', async () => {
      const daemon = await runUntil(['remove-backup', '--sl', 'x', '--rate', '1s'], 'removal run 2', ['SIGTERM']);
      assert.equal(daemon.code, 0, daemon.stderr);
      assert.match(daemon.stdout, /^removal run 1\nremoval run 2\n/);
    });
  });
}

/** Starts the test CLI, waits for `marker` on stdout, sends `signals`, and waits for the exit. */
async function runUntil(args: string[], marker: string, signals: NodeJS.Signals[]) {
  const child = spawn(process.execPath, [SELF, ...args], { env: childEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitFor(`'${marker}' from the CLI`, async () => (stdout.includes(marker) ? true : undefined), 20_000);
    for (const signal of signals) {
      child.kill(signal);
      await waitFor('the signal to arrive', async () => (stderr.includes(signal) || child.exitCode !== null ? true : undefined), 5_000);
    }
    return { code: await exited, stdout, stderr };
  } finally {
    child.kill('SIGKILL');
  }
}
