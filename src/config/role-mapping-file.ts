import { isRole, ROLES, type Role } from '../common/roles.js';

/**
 * The client-certificate role mapping file (`--tls-client-roles`): one rule per line,
 * `SUBJECT ROLE`, e.g. `CN=backup-bot,O=ops operate`; blank lines and `#` comments are ignored.
 * SUBJECT is `*` (any certificate the client CA signed) or comma-separated `ATTRIBUTE=value` pairs
 * (a `\` escapes a comma, backslash or other character in a value); a certificate matches when its
 * subject has every pair given (others may be there too). The first matching line decides.
 */
export interface SubjectRule {
  /** 1-based line number, for messages. */
  line: number;
  /** Attribute names upper-cased; `any` for `*`. */
  attributes: Array<[string, string]> | 'any';
  role: Role;
}

export interface ParsedRoleMapping {
  rules: SubjectRule[];
  problems: string[];
}

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9.-]*$/;

export function parseRoleMapping(text: string): ParsedRoleMapping {
  const rules: SubjectRule[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = `line ${i + 1}`;
    const split = /^(.*\S)\s+(\S+)$/.exec(line);
    if (!split) return problems.push(`${at}: expected SUBJECT ROLE, e.g. CN=operator,O=ops operate`);
    const [, subject, role] = split;
    if (!isRole(role)) return problems.push(`${at}: the last word must be a role: ${ROLES.join(', ')}`);
    if (subject === '*') return rules.push({ line: i + 1, attributes: 'any', role });
    const attributes = parseSubject(subject);
    if (typeof attributes === 'string') return problems.push(`${at}: ${attributes}`);
    rules.push({ line: i + 1, attributes, role });
  });
  return { rules, problems };
}

/** `CN=a\,b,O=ops` → [['CN','a,b'],['O','ops']]; a string says what is wrong. */
function parseSubject(text: string): Array<[string, string]> | string {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) current += text[++i];
    else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  const pairs: Array<[string, string]> = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq <= 0 || !ATTRIBUTE.test(name)) return `'${part.trim()}' is not ATTRIBUTE=value (e.g. CN=operator)`;
    pairs.push([name.toUpperCase(), part.slice(eq + 1).trim()]);
  }
  return pairs;
}
