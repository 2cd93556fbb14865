import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../test/support/ports.js';
import { ICARUS, sync, type BackupTarget } from './backup-bench-runs.js';

const POLL_MS = 10;
const TIMEOUT_MS = 30 * 60_000;

/** A backup through the sidecar: wall time from POST to the poll that saw COMPLETED, and the operation's own times. */
export interface SidecarMeasured {
  seconds: number;
  /** The operation's startTime → completionTime, as GET /operations/{id} reports them. */
  opSeconds: number;
  /** Peak RSS of the sidecar during this backup (VmHWM, reset before it starts). */
  peakRssMB: number;
}

/**
 * Our backup in the product's normal mode: a running `icarus icarus` (embedded Redis, data dir of
 * its own, so its hash cache starts cold) to which the benchmark POSTs /operations and then polls
 * GET /operations/{id} every 10 ms until the operation ends (the measurement's resolution, not a client's habit).
 */
export class BenchSidecar {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    const keep = (chunk: Buffer) => void (this.output = (this.output + chunk.toString('utf8')).slice(-16_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** `allowed`: directories requests may name besides the data dir's parent (--allowed-path). */
  static async start(jolokiaUrl: string, dataDir: string, env: Record<string, string> = {}, allowed: string[] = []): Promise<BenchSidecar> {
    const listen = `127.0.0.1:${await freePort()}`;
    // The file:// bucket lies next to the data dir, in the round's scratch directory: a path requests may use.
    const allowedFlags = [dirname(dataDir), ...allowed].flatMap((dir) => ['--allowed-path', dir]);
    const child = spawn(process.execPath, [ICARUS, 'icarus', '--listen', listen, '--jolokia-url', jolokiaUrl, ...allowedFlags], {
      env: { ...process.env, ...env, ICARUS_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sidecar = new BenchSidecar(child, `http://${listen}`);
    const deadline = Date.now() + 60_000;
    while (!(await sidecar.answers())) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the sidecar did not start:\n${sidecar.output}`);
      await sleep(100);
    }
    return sidecar;
  }

  /** The sidecar's process id (for /proc/<pid>/status). */
  get pid(): number {
    return this.child.pid!;
  }

  /** POSTs a backup of the keyspace and waits for it to complete. */
  async backup(node: BackupTarget, location: string, tag: string): Promise<SidecarMeasured> {
    const body = {
      type: 'backup',
      storageLocation: location,
      entities: node.keyspace,
      snapshotTag: tag,
      createMissingBucket: true,
      concurrentConnections: 10,
    };
    return this.operation(body, `backup ${tag}`);
  }

  /**
   * POSTs an operation (after a sync, its peak RSS reset) and polls it until it ends; throws naming
   * `what` unless it COMPLETED. `operation` is the last GET /operations/{id}: its result fields.
   */
  async operation(body: Record<string, unknown>, what: string): Promise<SidecarMeasured & { operation: Record<string, unknown> }> {
    await sync();
    await writeFile(`/proc/${this.child.pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    const started = performance.now();
    const posted = await fetch(`${this.url}/operations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (posted.status !== 201) throw new Error(`POST /operations answered ${posted.status}: ${await posted.text()}`);
    const { id } = (await posted.json()) as { id: string };
    for (;;) {
      const op = (await (await fetch(`${this.url}/operations/${id}`)).json()) as Record<string, unknown>;
      if (op.state === 'COMPLETED') {
        const seconds = (performance.now() - started) / 1000;
        const opSeconds = (Date.parse(String(op.completionTime)) - Date.parse(String(op.startTime))) / 1000;
        return { seconds, opSeconds, peakRssMB: await this.peakRssMB(), operation: op };
      }
      if (op.state === 'FAILED' || op.state === 'CANCELLED') throw new Error(`sidecar ${what} ended ${String(op.state)}: ${JSON.stringify(op.errors)}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`sidecar ${what} still ${String(op.state)} after ${TIMEOUT_MS / 60_000} min`);
      await sleep(POLL_MS);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  private async answers(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/operations`)).ok;
    } catch {
      return false;
    }
  }

  private async peakRssMB(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }
}
