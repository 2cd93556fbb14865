import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import type { Role } from '../common/roles.js';
import { parseRoleMapping, type SubjectRule } from '../config/role-mapping-file.js';
import { WatchedFiles } from './watched-files.js';

/** A certificate subject as Node gives it: attribute → value, or values when repeated (two OUs). */
export type CertificateSubject = Record<string, string | string[] | undefined>;

/**
 * Roles of client certificates, from the `--tls-client-roles` file (re-read when it changes; an
 * unreadable or broken file keeps the rules in force). Without a file every certificate the client
 * CA signed is `admin`, as before roles existed.
 */
export class CertificateRoles {
  private readonly logger = new Logger('security');
  private rules: SubjectRule[] = [];
  private readonly watch?: WatchedFiles;

  constructor(
    readonly file?: string,
    intervalMs?: number,
  ) {
    if (!file) return;
    this.watch = new WatchedFiles([file], () => this.reload(), intervalMs);
    this.apply(readFileSync(file, 'utf8'));
    this.watch.start();
  }

  /** The role of a certificate with this subject; undefined when the mapping names none. */
  roleOf(subject: CertificateSubject): Role | undefined {
    if (!this.file) return 'admin';
    return this.rules.find((rule) => matches(rule, subject))?.role;
  }

  close(): void {
    this.watch?.close();
  }

  private async reload(): Promise<void> {
    try {
      this.apply(await readFile(this.file!, 'utf8'));
    } catch (err) {
      this.logger.warn({ msg: 'certificate role mapping unreadable; the previous rules stay in force', file: this.file, error: (err as NodeJS.ErrnoException).code });
    }
  }

  private apply(text: string): void {
    const { rules, problems } = parseRoleMapping(text);
    if (problems.length > 0) {
      this.logger.warn({ msg: 'certificate role mapping not applied; the previous rules stay in force', file: this.file, problems });
      return;
    }
    this.rules = rules;
    this.logger.log({ msg: 'certificate role mapping loaded', file: this.file, rules: rules.length });
  }
}

function valuesOf(subject: CertificateSubject, attribute: string): string[] {
  const key = Object.keys(subject).find((k) => k.toUpperCase() === attribute);
  const value = key === undefined ? undefined : subject[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function matches(rule: SubjectRule, subject: CertificateSubject): boolean {
  return rule.attributes === 'any' || rule.attributes.every(([name, value]) => valuesOf(subject, name).includes(value));
}

const SPECIAL = /[,+"\\<>;=]/g;

/** The subject as one line in RFC 4514's order (most specific first: `CN=ops-bot,O=ops,C=FR`), special characters escaped. */
export function describeSubject(subject: CertificateSubject): string {
  const parts = Object.entries(subject).flatMap(([name, value]) =>
    (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((v) => `${name}=${v.replace(SPECIAL, (c) => `\\${c}`)}`),
  );
  return parts.reverse().join(',') || '(empty subject)';
}
