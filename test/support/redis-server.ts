import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pingRedis } from '../../src/queues/redis-connection.js';
import { freePort } from './ports.js';

/** A throwaway redis-server on loopback for one test file, with AOF so restarts keep data. */
export class TestRedis {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort(), mkdtempSync(join(tmpdir(), 'icarus-test-redis-')));
    await redis.launch();
    return redis;
  }

  /** Stops redis-server the hard way (SIGKILL); AOF everysec may lose the last second. */
  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  /** Stops it cleanly (SIGTERM: AOF fsynced). */
  async stop(): Promise<void> {
    await this.terminate('SIGTERM');
  }

  async launch(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes',
        '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await pingRedis({ host: '127.0.0.1', port: this.port })) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('test redis-server did not start');
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}
