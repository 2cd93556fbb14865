import { type FinalStatus, ProgressDisplay } from './progress-display.js';

/** The part of a process stream the CLI uses (process.stdout / process.stderr, or a test double). */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Where an esop command writes: results on stdout, messages on stderr, and progress as a bar on
 * stdout when it is a terminal, else as plain lines on stderr, so a piped stdout (`list --json | jq`)
 * carries only the result.
 */
export class Terminal {
  private display?: ProgressDisplay;

  constructor(
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
    private readonly timing: { barIntervalMs?: number; lineIntervalMs?: number } = {},
  ) {}

  out(text: string): void {
    this.aside(() => this.stdout.write(text));
  }

  err(text: string): void {
    this.aside(() => this.stderr.write(text));
  }

  /** Starts showing the progress of one run; `update` is what the operation context calls. */
  startProgress(label: string): ProgressDisplay {
    this.endProgress('cancelled');
    const tty = this.stdout.isTTY === true;
    const stream = tty ? this.stdout : this.stderr;
    this.display = new ProgressDisplay({
      label,
      tty,
      write: (text) => stream.write(text),
      columns: () => stream.columns,
      ...this.timing,
    });
    return this.display;
  }

  endProgress(status: FinalStatus): void {
    this.display?.finish(status);
    this.display = undefined;
  }

  private aside(write: () => void): void {
    if (this.display) this.display.aside(write);
    else write();
  }
}
