import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';

/** How often watched files are looked at; a rotated certificate or token file is picked up within this. */
export const WATCH_INTERVAL_MS = 1000;

/**
 * Calls `onChange` when any of the files changes (inode, size, modification or change time). Polls
 * `stat` instead of using inotify: stat follows symlinks, so a Kubernetes Secret update (its `..data`
 * symlink swapped to a new directory) is seen like an edit in place, and nothing is missed when the
 * file is replaced rather than written. The timer never keeps the process alive.
 */
export class WatchedFiles {
  private readonly signatures = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly files: string[],
    private readonly onChange: () => Promise<void> | void,
    private readonly intervalMs = WATCH_INTERVAL_MS,
  ) {
    for (const file of files) this.signatures.set(file, signatureSync(file));
  }

  start(): this {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      let changed = false;
      for (const file of this.files) {
        const now = await signature(file);
        if (now !== this.signatures.get(file)) {
          this.signatures.set(file, now);
          changed = true;
        }
      }
      if (changed) await this.onChange();
    } finally {
      this.polling = false;
    }
  }
}

function describe(s: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
}

function signatureSync(file: string): string {
  try {
    return describe(statSync(file));
  } catch {
    return 'missing';
  }
}

async function signature(file: string): Promise<string> {
  try {
    return describe(await stat(file));
  } catch {
    return 'missing';
  }
}
