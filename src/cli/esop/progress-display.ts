import type { TransferStatus } from '../../operations/operation-handler.js';
import { type ProgressView, RateMeter, renderProgress } from './progress-line.js';

export interface ProgressDisplayOptions {
  label: string;
  /** A terminal: one bar redrawn in place. Otherwise plain lines, a few seconds apart. */
  tty: boolean;
  write(text: string): void;
  /** Terminal width; the bar is cut to fit so `\r` keeps redrawing one line. */
  columns?(): number | undefined;
  now?(): number;
  /** Default 100 ms (at most ~10 redraws a second). */
  barIntervalMs?: number;
  /** Default 5 s. */
  lineIntervalMs?: number;
}

export type FinalStatus = 'done' | 'failed' | 'cancelled';

/**
 * Shows an operation's progress while it runs. Nothing is shown until the handler first reports
 * progress, so operations that only print (list) stay quiet.
 */
export class ProgressDisplay {
  private fraction = 0;
  private transfer?: TransferStatus;
  private readonly meter = new RateMeter();
  private readonly started: number;
  private timer?: NodeJS.Timeout;
  private reported = false;
  private dirty = false;
  /** A bar is on screen (tty): other text must clear it first. */
  private drawn = false;

  constructor(private readonly options: ProgressDisplayOptions) {
    this.started = this.now();
  }

  update(fraction: number, transfer?: TransferStatus): void {
    this.fraction = fraction;
    this.transfer = transfer ?? this.transfer;
    if (transfer) this.meter.add(this.now(), transfer.bytesTransferred);
    this.dirty = true;
    if (!this.reported) {
      this.reported = true;
      this.emit();
      const every = this.options.tty ? (this.options.barIntervalMs ?? 100) : (this.options.lineIntervalMs ?? 5_000);
      this.timer = setInterval(() => this.tick(), every);
      this.timer.unref();
    }
  }

  /** Writes other text (a listing, a warning) without mixing it into the bar. */
  aside(write: () => void): void {
    if (this.drawn) {
      this.options.write('\r\x1b[K');
      this.drawn = false;
      this.dirty = true;
    }
    write();
  }

  /** Stops the display, leaving one final line (only if progress was ever shown). */
  finish(status: FinalStatus): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.reported) return;
    if (status === 'done') this.fraction = 1;
    this.emit(status);
    if (this.options.tty) this.options.write('\n');
    this.reported = false;
    this.drawn = false;
  }

  private tick(): void {
    // A terminal is redrawn only when something changed; a log gets a line every interval.
    if (!this.options.tty || this.dirty) this.emit();
  }

  private emit(status?: FinalStatus): void {
    this.dirty = false;
    const line = renderProgress(this.view(status), this.options.tty ? 'bar' : 'plain');
    if (!this.options.tty) {
      this.options.write(`${line}\n`);
      return;
    }
    const columns = this.options.columns?.();
    this.options.write(`\r${columns && line.length >= columns ? line.slice(0, columns - 1) : line}\x1b[K`);
    this.drawn = true;
  }

  private view(status?: FinalStatus): ProgressView {
    const elapsedSeconds = (this.now() - this.started) / 1000;
    const t = this.transfer;
    const bytesPerSecond = status
      ? t && elapsedSeconds > 0 ? t.bytesTransferred / elapsedSeconds : undefined
      : this.meter.rate();
    const remaining = t ? t.bytesTotal - t.bytesTransferred : undefined;
    const etaSeconds = t?.etaSeconds ?? (bytesPerSecond && remaining !== undefined ? remaining / bytesPerSecond : undefined);
    return {
      label: this.options.label,
      fraction: this.fraction,
      bytesTotal: t?.bytesTotal,
      bytesTransferred: t?.bytesTransferred,
      bytesPerSecond,
      etaSeconds,
      status: status ?? 'running',
      elapsedSeconds,
    };
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
