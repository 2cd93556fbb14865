import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseSize } from './http.config.js';
import { type OptionSpec, type ProblemList, type RawValues, parsePositiveInt, readBoolean, readParsed } from './option.js';

/** Where every accepted or refused state-changing request is recorded, one JSON line each. */
export interface AuditConfig {
  /** Undefined: no audit file. */
  file?: string;
  /** The file is rotated (file → file.1 → … ) before it grows past this. */
  maxBytes: number;
  /** Rotated files kept besides the live one. */
  keep: number;
  /** Each line also goes to stdout (where a log collector reads it). */
  stdout: boolean;
}

export const DEFAULT_AUDIT: AuditConfig = { maxBytes: 10 * 1024 * 1024, keep: 5, stdout: false };

export const AUDIT_OPTIONS = {
  file: { key: 'auditLog', flags: '--audit-log <file>', env: 'ICARUS_AUDIT_LOG',
    description: 'append one JSON line per accepted or refused POST/PUT/PATCH/DELETE (time, identity, address, method, path, operation, outcome) to this file' },
  maxSize: { key: 'auditLogMaxSize', flags: '--audit-log-max-size <size>', env: 'ICARUS_AUDIT_LOG_MAX_SIZE', default: '10MiB',
    description: 'rotate the audit log before it grows past this (file → file.1 → file.2 …)' },
  keep: { key: 'auditLogFiles', flags: '--audit-log-files <n>', env: 'ICARUS_AUDIT_LOG_FILES', default: '5',
    description: 'rotated audit files kept besides the live one' },
  stdout: { key: 'auditStdout', flags: '--audit-stdout', env: 'ICARUS_AUDIT_STDOUT', boolean: true,
    description: 'also write each audit line to stdout' },
} satisfies Record<string, OptionSpec>;

export function readAuditConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): AuditConfig {
  const o = AUDIT_OPTIONS;
  return {
    file: readParsed(o.file, cli, env, problems, checkAuditFile),
    maxBytes: readParsed(o.maxSize, cli, env, problems, parseSize) ?? DEFAULT_AUDIT.maxBytes,
    keep: readParsed(o.keep, cli, env, problems, parsePositiveInt) ?? DEFAULT_AUDIT.keep,
    stdout: readBoolean(o.stdout, cli, env, problems),
  };
}

/** Its directory must exist: a typo must stop the start, not leave the sidecar unaudited. */
function checkAuditFile(text: string): string {
  const file = resolve(text);
  const dir = dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`the directory ${dir} does not exist`);
  if (existsSync(file) && !statSync(file).isFile()) throw new Error(`${file} is not a regular file`);
  return file;
}
