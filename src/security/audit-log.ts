import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { AuditConfig } from '../config/audit.config.js';

/** One state-changing request as the audit log records it; never a secret (no token, no body). */
export interface AuditEntry {
  time: string;
  outcome: AuditOutcome;
  status: number;
  method: string;
  path: string;
  source?: string;
  identity?: string;
  via?: string;
  role?: string;
  requiredRole?: string;
  operationType?: string;
  operationId?: string;
}

/** What became of a request, from its status: a fixed set, so it can label a metric. */
export const AUDIT_OUTCOMES = ['accepted', 'unauthenticated', 'forbidden', 'invalid', 'not_found', 'conflict', 'rate_limited', 'unavailable', 'failed', 'aborted'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export function outcomeOf(status: number | undefined): AuditOutcome {
  if (status === undefined) return 'aborted';
  if (status < 400) return 'accepted';
  const known: Record<number, AuditOutcome> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'not_found', 409: 'conflict', 429: 'rate_limited', 503: 'unavailable' };
  return known[status] ?? (status < 500 ? 'invalid' : 'failed');
}

/**
 * Appends audit entries, one JSON line each, to the `--audit-log` file (created 0600; rotated to
 * `.1`, `.2`, … before it would pass its size) and, when asked, to stdout. Written synchronously,
 * so a line is in the file before the next request is audited and none is lost to a crash after it.
 * A failed write is logged and counted, never fails the request.
 */
export class AuditLog {
  private readonly logger = new Logger('audit');
  private fd?: number;
  private size = 0;
  private failing = false;

  constructor(
    private readonly config: AuditConfig,
    private readonly count: (outcome: AuditOutcome) => void = () => undefined,
    private readonly stdout: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    if (config.file) this.open(config.file);
  }

  record(entry: AuditEntry): void {
    this.count(entry.outcome);
    const line = `${JSON.stringify({ msg: 'audit', ...entry })}\n`;
    if (this.config.stdout) this.stdout(line);
    if (!this.config.file) return;
    try {
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.config.maxBytes) this.rotate(this.config.file);
      if (this.fd === undefined) this.open(this.config.file);
      writeSync(this.fd!, line);
      this.size += bytes;
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.error({ msg: 'audit log not written', file: this.config.file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      this.failing = true;
      this.closeFile();
    }
  }

  close(): void {
    this.closeFile();
  }

  private open(file: string): void {
    this.fd = openSync(file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** file.N is dropped, file.(i) becomes file.(i+1), file becomes file.1, and a new file is opened. */
  private rotate(file: string): void {
    this.closeFile();
    rmSync(`${file}.${this.config.keep}`, { force: true });
    for (let i = this.config.keep - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    renameSync(file, `${file}.1`);
    this.open(file);
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
