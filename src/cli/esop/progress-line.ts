/** What one progress line shows. */
export interface ProgressView {
  label: string;
  /** 0.0–1.0. */
  fraction: number;
  bytesTotal?: number;
  bytesTransferred?: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** Shown once finished: `done in 1m 08s`. */
  elapsedSeconds?: number;
}

const BAR_WIDTH = 20;

/**
 * One progress line. `bar` is redrawn in place on a terminal:
 * `backup  [##########----------]  51%  1.2 GB / 2.4 GB  35.2 MB/s  ETA 34s`;
 * `plain` is one log line: `backup 51% 1.2 GB/2.4 GB 35.2 MB/s ETA 34s`.
 */
export function renderProgress(view: ProgressView, style: 'bar' | 'plain'): string {
  const fraction = Math.max(0, Math.min(1, Number.isFinite(view.fraction) ? view.fraction : 0));
  const percent = `${Math.floor(fraction * 100)}%`;
  const hasBytes = view.bytesTotal !== undefined && view.bytesTransferred !== undefined;
  const bytes = hasBytes
    ? [formatBytes(view.bytesTransferred!), formatBytes(view.bytesTotal!)].join(style === 'bar' ? ' / ' : '/')
    : undefined;
  const rate = view.bytesPerSecond !== undefined && hasBytes ? `${formatBytes(view.bytesPerSecond)}/s` : undefined;
  const parts = [bytes, rate, tail(view)].filter((p): p is string => p !== undefined);
  if (style === 'plain') return [view.label, percent, ...parts].join(' ');
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  return [`${view.label}  ${bar} ${percent.padStart(4)}`, ...parts].join('  ');
}

function tail(view: ProgressView): string | undefined {
  if (view.status === 'running') {
    return view.etaSeconds !== undefined && Number.isFinite(view.etaSeconds) ? `ETA ${formatDuration(view.etaSeconds)}` : undefined;
  }
  const took = view.elapsedSeconds === undefined ? '' : ` ${formatDuration(view.elapsedSeconds)}`;
  return view.status === 'done' ? `done${took ? ` in${took}` : ''}` : `${view.status}${took ? ` after${took}` : ''}`;
}

const SI_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** SI (decimal) units, one decimal: `512 B`, `1.2 kB`, `35.2 MB`, as Esop's --human-units. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 999.95 && unit < SI_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${SI_UNITS[unit]}`;
}

/** `34s`, `5m 02s`, `1h 03m`, `2d 04h`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${two(Math.floor((s % 86_400) / 3600))}h`;
}

/** Transfer rate over the last few seconds of samples (bytes moved, at a time in ms). */
export class RateMeter {
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly windowMs = 5_000) {}

  add(at: number, bytes: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && bytes < last.bytes) this.samples.length = 0; // a new transfer started (e.g. a retried phase)
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && this.samples[0].at < at - this.windowMs) this.samples.shift();
  }

  /** Bytes per second, or undefined until two samples at least 200 ms apart exist. */
  rate(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.at - first.at < 200) return undefined;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}
