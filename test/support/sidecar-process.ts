import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testAllowedPaths } from './allowed-paths.js';
import { freePort } from './ports.js';
import { waitFor } from './sidecar.js';

const MAIN = fileURLToPath(new URL('./sidecar-process-main.js', import.meta.url));

/**
 * A sidecar in its own process (with the test-only operation types), so tests can kill -9 it
 * and start it again on the same Redis, prefix and port.
 */
export class SidecarProcess {
  private child?: ChildProcess;
  output = '';

  private readonly args: Record<string, string>;

  constructor(
    args: Record<string, string>,
    private readonly env: Record<string, string> = {},
  ) {
    this.args = { allowedPath: testAllowedPaths(), ...args };
  }

  /** Starts one on a free loopback port with its own queue prefix and data dir; `args` add or override options. */
  static async launch(redisUrl: string, args: Record<string, string> = {}, env: Record<string, string> = {}): Promise<SidecarProcess> {
    const sidecar = new SidecarProcess({
      listen: `127.0.0.1:${await freePort()}`,
      redisUrl,
      queuePrefix: `p${randomUUID().slice(0, 8)}`,
      dataDir: mkdtempSync(join(tmpdir(), 'icarus-process-')),
      ...args,
    }, env);
    await sidecar.start();
    return sidecar;
  }

  get url(): string {
    return `${this.args.tlsCert ? 'https' : 'http'}://${this.args.listen}`;
  }

  /** The process id while it runs (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [MAIN, JSON.stringify(this.args), JSON.stringify(this.env)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child = child;
    await waitFor('sidecar process to listen', async () => {
      if (child.exitCode !== null) throw new Error(`sidecar exited: ${this.output}`);
      return this.output.includes('SIDECAR READY') ? true : undefined;
    }, 30_000);
  }

  /** Resolves with the exit code when the process ends by itself (e.g. after a `stop` operation). */
  exited(): Promise<number | null> {
    const child = this.child!;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}
