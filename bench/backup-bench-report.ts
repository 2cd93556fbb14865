import type { Measured } from './backup-bench-runs.js';

const GiB = 1024 ** 3;

/** How ours ran: a one-shot `icarus esop backup` child, or a POST to a running sidecar. */
export type Mode = 'cli' | 'sidecar';

/** One target of issue 8, checked against the numbers of one mode. */
export interface Check {
  name: string;
  ratio: number;
  op: '≥' | '≤' | '<';
  target: number;
  mode: Mode;
}

export const pass = (c: Check) => (c.op === '≥' ? c.ratio >= c.target : c.op === '≤' ? c.ratio <= c.target : c.ratio < c.target);
export const verdict = (c: Check) => `target ${c.op}${c.target} ${pass(c) ? 'PASS' : 'FAIL'}`;
export const s = (m: { seconds: number }) => `${m.seconds.toFixed(2)} s`;
export const mb = (m: Pick<Measured, 'peakRssMB'>) => `${m.peakRssMB.toFixed(0)} MB`;
export const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
export const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** The faster of two measurements: BENCH_REPEAT keeps the best of n. */
export const faster = <T extends { seconds: number }>(a: T | undefined, b: T): T => (a && a.seconds <= b.seconds ? a : b);

/** `name ratio (op target, mode)`: one part of the summary line. */
export function summaryPart(c: Check, digits = 2): string {
  return `${c.name} ${c.ratio.toFixed(digits)} (${c.op}${c.target}, ${c.mode})`;
}
