import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pingRedis } from './redis-connection.js';

/** Thrown when redis-server cannot be started; the message tells the operator what to do. */
export class EmbeddedRedisError extends Error {}

export interface EmbeddedRedisOptions {
  dataDir: string;
  binary: string;
  /** `maxmemory` in bytes: writes past it are refused (OOM), nothing is evicted. */
  maxMemoryBytes: number;
  /** Log sink for redis-server's own output (it is noisy only on problems). */
  log?: (line: string) => void;
}

/**
 * The sidecar's own redis-server, a child process listening only on a unix socket in the data
 * directory, with AOF on, a `maxmemory` and `noeviction`, so operations survive restarts of both
 * processes and a client cannot make it grow without bound (a full Redis refuses writes; it never
 * drops operation data to make room).
 * If a previous sidecar was killed with -9, its redis-server keeps running; we adopt it rather than
 * start a second one on the same files.
 */
export class EmbeddedRedis {
  private child?: ChildProcess;
  private adoptedPid?: number;

  private constructor(
    readonly socketPath: string,
    private readonly pidFile: string,
  ) {}

  static async start(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
    const dir = join(options.dataDir, 'redis');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const redis = new EmbeddedRedis(join(dir, 'redis.sock'), join(dir, 'redis.pid'));
    if (await redis.adoptRunning()) {
      // Started by an earlier sidecar, maybe with other limits: this one's apply.
      await redis.configure(options.maxMemoryBytes);
      return redis;
    }
    rmSync(redis.socketPath, { force: true });
    redis.child = spawnRedis(options, dir, redis.socketPath, redis.pidFile);
    await redis.waitUntilReady(redis.child);
    return redis;
  }

  /** Stops redis-server; SHUTDOWN makes it fsync the AOF first. */
  async stop(): Promise<void> {
    const client = new Redis({ path: this.socketPath, lazyConnect: true, maxRetriesPerRequest: 0 });
    // redis-server may be gone already (a SIGTERM to the process group reaches it first): the failed
    // connect is handled below, so its error event must not print as unhandled.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.call('SHUTDOWN').catch(() => undefined);
    } catch {
      this.child?.kill('SIGTERM');
    } finally {
      client.disconnect();
    }
    const pid = this.child?.pid ?? this.adoptedPid;
    if (pid) await waitForExit(pid, 10_000);
  }

  private async configure(maxMemoryBytes: number): Promise<void> {
    const client = new Redis({ path: this.socketPath, lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.call('CONFIG', 'SET', 'maxmemory', String(maxMemoryBytes), 'maxmemory-policy', 'noeviction');
    } finally {
      client.disconnect();
    }
  }

  private async adoptRunning(): Promise<boolean> {
    if (!existsSync(this.pidFile) || !existsSync(this.socketPath)) return false;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    if (!pid || !isAlive(pid) || !(await pingRedis({ path: this.socketPath }))) return false;
    this.adoptedPid = pid;
    return true;
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    let exited: string | undefined;
    child.once('exit', (code, signal) => (exited = `redis-server exited (code ${code}, signal ${signal})`));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (exited) throw new EmbeddedRedisError(`${exited}; see the lines it printed above`);
      if (await pingRedis({ path: this.socketPath })) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new EmbeddedRedisError('redis-server did not answer within 15 s');
  }
}

function spawnRedis(options: EmbeddedRedisOptions, dir: string, socket: string, pidFile: string): ChildProcess {
  const args = [
    '--port', '0', '--unixsocket', socket, '--unixsocketperm', '700',
    '--dir', dir, '--pidfile', pidFile, '--daemonize', 'no',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
    '--maxmemory', String(options.maxMemoryBytes), '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes', '--loglevel', 'warning',
  ];
  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => undefined);
  child.stdout?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
  child.on('error', () => undefined);
  if (child.pid === undefined) {
    throw new EmbeddedRedisError(
      `cannot start '${options.binary}': it is not installed. Install Redis (Debian/Ubuntu: apt-get install redis-server) ` +
        'or point the sidecar at an existing Redis with --redis-url / REDIS_URL.',
    );
  }
  writeFileSync(pidFile, String(child.pid));
  return child;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
