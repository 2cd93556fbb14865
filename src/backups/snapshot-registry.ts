import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A snapshot taken by a backup that has not cleared it yet. */
export interface SnapshotLease {
  tag: string;
  /** The operation (or CLI run) that took it. */
  owner: string;
  pid: number;
  since: number;
  /** Taken by a sidecar's operation, which resumes after a restart (a CLI run never does); absent in leases of earlier versions. */
  resumable?: boolean;
}

const FILE_NAME = 'snapshots-in-use.json';

/**
 * Snapshots that backups on this host have taken and not yet cleared, in a file next to the other
 * backup state, so the snapshot of a backup whose process died (kill -9, OOM, a CLI run interrupted)
 * is found and cleared when the sidecar or the CLI starts next, instead of holding disk space for ever.
 */
export class SnapshotRegistry {
  /** Updates of one lease file are serialised across every registry object of this process. */
  private static readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly stateDir: string) {}

  register(tag: string, owner: string, resumable: boolean): Promise<void> {
    return this.update((leases) => [...leases.filter((l) => l.tag !== tag), { tag, owner, pid: process.pid, since: Date.now(), resumable }]);
  }

  release(tag: string): Promise<void> {
    return this.update((leases) => leases.filter((l) => l.tag !== tag));
  }

  /**
   * Leases whose process is gone. Their snapshots are left over, unless the backup is resumed by the
   * restarted sidecar (it registers again under its new pid and goes on reading the snapshot): the
   * sweeper asks the queue before it clears one.
   */
  async abandoned(): Promise<SnapshotLease[]> {
    return (await this.read()).filter((l) => !processAlive(l.pid));
  }

  private update(change: (leases: SnapshotLease[]) => SnapshotLease[]): Promise<void> {
    const queue = SnapshotRegistry.queues.get(this.stateDir) ?? Promise.resolve();
    const next = queue.then(async () => {
      const leases = change(await this.read());
      const path = join(this.stateDir, FILE_NAME);
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, JSON.stringify(leases, null, 1));
      await rename(temp, path);
    });
    SnapshotRegistry.queues.set(this.stateDir, next.catch(() => undefined));
    return next;
  }

  private async read(): Promise<SnapshotLease[]> {
    try {
      const leases = JSON.parse(await readFile(join(this.stateDir, FILE_NAME), 'utf8')) as unknown;
      return Array.isArray(leases) ? (leases as SnapshotLease[]) : [];
    } catch {
      return [];
    }
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
