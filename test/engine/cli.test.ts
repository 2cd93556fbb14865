import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/ports.js';
import { http, waitFor } from '../support/sidecar.js';

// The compiled CLI entry (dist-test/src/main.js), run as a user would run bin/icarus.js.
const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

/** SIGTERM to the sidecar; its embedded redis-server must stop with it. */
async function stopAndCheckRedisStopped(child: ChildProcess, redisPid: number): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  await waitFor('embedded redis to stop', async () => (existsSync(`/proc/${redisPid}`) ? undefined : true), 10_000);
}

/** A failed test must not leave the embedded redis-server of its sidecar behind. */
function killEmbeddedRedis(dataDir: string): void {
  try {
    process.kill(Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8')), 'SIGKILL');
  } catch {
    // no pid file, or it has already stopped
  }
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });
}

describe('icarus executable', () => {
  it('prints real help at every level, and its version', () => {
    const top = run(['--help']);
    assert.equal(top.status, 0);
    assert.match(top.stdout, /icarus \[options\]/);
    assert.match(top.stdout, /esop/);
    const server = run(['icarus', '--help']);
    assert.equal(server.status, 0);
    for (const flag of ['--listen', '--operations-expiration', '--disable-cors', '--enable-truncate', '--redis-url', '--concurrency', 'REDIS_URL']) {
      assert.ok(server.stdout.includes(flag), `help mentions ${flag}`);
    }
    const esop = run(['esop', '--help']);
    assert.equal(esop.status, 0);
    assert.match(esop.stdout, /backup/);
    assert.match(run(['--version']).stdout, /^instaclustr-icarus /);
    assert.match(run(['icarus', '--version']).stdout, /^instaclustr-icarus /);
  });

  it('refuses bad configuration with the whole list of problems, never echoing secrets', () => {
    const result = run(['icarus', '-l', 'nohost:99999', '-e', '5 fortnights', '--concurrency', '0'], {
      REDIS_URL: 'http://user:s3cr3t-pass@host', ICARUS_DISABLE_CORS: 'maybe',
    });
    assert.equal(result.status, 2);
    for (const needle of ['--listen', '--operations-expiration', '--concurrency', '--redis-url', '--disable-cors']) {
      assert.ok(result.stderr.includes(needle), `${needle} reported in: ${result.stderr}`);
    }
    assert.equal(result.stderr.includes('s3cr3t-pass'), false);
  });

  it('says how to install redis-server when it is missing', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icarus-cli-'));
    const result = run(['icarus', '-l', '127.0.0.1:0', '--data-dir', dataDir, '--redis-server', '/nonexistent/redis-server']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /apt-get install redis-server/);
    assert.match(result.stderr, /--redis-url/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with an embedded Redis (AOF, noeviction, unix socket) and stops it on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icarus-cli-'));
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [MAIN, 'icarus', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir], {
      stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor('server', async () => ((await http(base, 'GET', '/operations')).status === 200 ? true : undefined), 20_000);
      const socket = join(dataDir, 'redis', 'redis.sock');
      const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
      const client = new Redis({ path: socket });
      try {
        assert.deepEqual(await client.config('GET', 'appendonly'), ['appendonly', 'yes']);
        assert.deepEqual(await client.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
        assert.deepEqual(await client.config('GET', 'port'), ['port', '0'], 'no TCP port: unix socket only');
      } finally {
        client.disconnect();
      }
      await stopAndCheckRedisStopped(child, redisPid);
    } finally {
      child.kill('SIGKILL');
      killEmbeddedRedis(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('after kill -9 of the sidecar, a new one adopts the running embedded Redis and its operations', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icarus-cli-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const args = [MAIN, 'icarus', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--jolokia-url', 'http://127.0.0.1:1/jolokia/'];
    const ready = () => waitFor('server', async () => ((await http(base, 'GET', '/operations')).status === 200 ? true : undefined), 20_000);
    let child: ChildProcess = spawn(process.execPath, args, { stdio: 'ignore' });
    try {
      await ready();
      const id = (await http(base, 'POST', '/operations', { type: 'flush' })).json.id;
      const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
      const killed = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await killed;
      child = spawn(process.execPath, args, { stdio: 'ignore' });
      await ready();
      assert.equal(Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8')), redisPid, 'same redis-server adopted');
      const operation = (await http(base, 'GET', `/operations/${id}`)).json;
      assert.equal(operation.id, id);
      await stopAndCheckRedisStopped(child, redisPid);
    } finally {
      child.kill('SIGKILL');
      killEmbeddedRedis(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
