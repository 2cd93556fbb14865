import type { OperationContext } from './operation-handler.js';

const REPORT_EVERY_MS = 1000;
/** The rate behind the ETA looks this far back, so a stall shows up within seconds. */
const RATE_WINDOW_MS = 15_000;
const SAMPLE_EVERY_MS = 100;

/**
 * Byte-based progress of an operation that moves data: `progress = bytesTransferred / bytesTotal`,
 * with the ETA from the rate over the last few seconds. Reports at most once a second to the
 * operation (each report is a Redis write), and always at the end.
 */
export class TransferProgress {
  private transferred = 0;
  private lastReport = 0;
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(
    private readonly context: Pick<OperationContext<unknown>, 'progress'>,
    private total: number,
  ) {}

  get bytesTransferred(): number {
    return this.transferred;
  }

  /** More bytes to move than first known (e.g. a file that grew). */
  addTotal(bytes: number): void {
    this.total += bytes;
  }

  /** Sets the bytes moved so far (monotonic: a retried file restarting from zero does not go backwards). */
  update(bytesTransferred: number): void {
    this.transferred = Math.max(this.transferred, Math.min(bytesTransferred, this.total));
    const now = Date.now();
    // One sample per SAMPLE_EVERY_MS is plenty for a 15 s rate window; one per chunk (64 KiB) kept tens
    // of thousands in the window and cost a shift of all of them per chunk.
    const last = this.samples[this.samples.length - 1];
    if (last && now - last.at < SAMPLE_EVERY_MS) last.bytes = this.transferred;
    else this.samples.push({ at: now, bytes: this.transferred });
    while (this.samples.length > 2 && this.samples[0].at < now - RATE_WINDOW_MS) this.samples.shift();
    if (now - this.lastReport >= REPORT_EVERY_MS) void this.report(now);
  }

  /** Reports the current state now; `done` reports 100 % and no ETA. */
  async report(now = Date.now(), done = false): Promise<void> {
    this.lastReport = now;
    const fraction = done || this.total === 0 ? (done ? 1 : 0) : this.transferred / this.total;
    await this.context.progress(fraction, {
      bytesTotal: this.total,
      bytesTransferred: done ? this.total : this.transferred,
      etaSeconds: done ? undefined : this.eta(),
    });
  }

  private eta(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 1000 || last.bytes <= first.bytes) return undefined;
    const rate = (last.bytes - first.bytes) / ((last.at - first.at) / 1000);
    return Math.ceil((this.total - this.transferred) / rate);
  }
}
