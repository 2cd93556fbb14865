/*
 * commitlog_archiving.properties, as Cassandra reads it (java.util.Properties.load of an
 * InputStream: ISO-8859-1, `\` escapes, `\uXXXX`, continuation lines). Settings are replaced in
 * place of the old ones; every other line, comments included, is kept as it was (Esop rewrites the
 * whole file through Properties.store and loses the comments).
 */

export const ARCHIVING_PROPERTIES = 'commitlog_archiving.properties';

/** The keys a commit-log restore sets; removing them stops the replay at the next start. */
export const RESTORE_KEYS = ['restore_command', 'restore_directories', 'restore_point_in_time'] as const;

/**
 * `restore_point_in_time` of an epoch-ms time: `yyyy:MM:dd HH:mm:ss.SSS` in GMT. Cassandra 5.0
 * parses `yyyy:MM:dd HH:mm:ss[.[SSSSSS][SSS]]`, so the replay stops at this millisecond; older
 * versions parse `yyyy:MM:dd HH:mm:ss` with SimpleDateFormat, which ignores the trailing `.SSS`,
 * so they stop at the second, as with Esop's value.
 */
export function restorePointInTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getUTCFullYear()).padStart(4, '0')}:${two(d.getUTCMonth() + 1)}:${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

interface LogicalLine {
  /** The property's key; null for comments and blank lines. */
  key: string | null;
  value: string;
  /** The natural lines it spans, as written. */
  raw: string[];
}

/** `existing` with `values` set: their old lines removed, new lines appended. */
export function mergeProperties(existing: string, values: Record<string, string>): string {
  const kept = logicalLines(existing).filter((l) => l.key === null || !(l.key in values)).flatMap((l) => l.raw);
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
  const added = Object.entries(values).map(([key, value]) => `${escape(key, true)}=${escape(value, false)}`);
  return `${[...kept, ...added].join('\n')}\n`;
}

/** `existing` without the lines of `keys`. */
export function removeProperties(existing: string, keys: readonly string[]): string {
  const kept = logicalLines(existing).filter((l) => l.key === null || !keys.includes(l.key)).flatMap((l) => l.raw);
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`;
}

/** The properties as Java would load them. */
export function parseProperties(text: string): Map<string, string> {
  return new Map(logicalLines(text).filter((l) => l.key !== null).map((l) => [l.key!, l.value]));
}

const BLANK = /^[ \t\f]*/;

function logicalLines(text: string): LogicalLine[] {
  const natural = text.split(/\r\n|\r|\n/);
  if (natural[natural.length - 1] === '') natural.pop();
  const out: LogicalLine[] = [];
  for (let i = 0; i < natural.length; i++) {
    const first = natural[i].replace(BLANK, '');
    if (first === '' || first.startsWith('#') || first.startsWith('!')) {
      out.push({ key: null, value: '', raw: [natural[i]] });
      continue;
    }
    const raw = [natural[i]];
    let content = first;
    while (endsInEscape(content) && i + 1 < natural.length) {
      i++;
      raw.push(natural[i]);
      content = content.slice(0, -1) + natural[i].replace(BLANK, '');
    }
    if (endsInEscape(content)) content = content.slice(0, -1);
    out.push({ ...splitKeyValue(content), raw });
  }
  return out;
}

/** An odd number of trailing backslashes continues the line. */
function endsInEscape(line: string): boolean {
  const trailing = /\\*$/.exec(line)![0].length;
  return trailing % 2 === 1;
}

function splitKeyValue(content: string): { key: string; value: string } {
  let i = 0;
  while (i < content.length && !'=: \t\f'.includes(content[i])) i += content[i] === '\\' ? 2 : 1;
  const key = content.slice(0, Math.min(i, content.length));
  let rest = content.slice(key.length).replace(BLANK, '');
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(BLANK, '');
  return { key: unescape(key), value: unescape(rest) };
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

/** As Properties.store writes keys and values: readable back in ISO-8859-1. */
function escape(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = text.charCodeAt(i);
    if (c === ' ') out += i === 0 || isKey ? '\\ ' : ' ';
    else if (c === '\\') out += '\\\\';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if ('=:#!'.includes(c)) out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** `-Dcassandra.replayList` of `{"ks": ["t1", "t2"]}`: `ks.t1,ks.t2`. */
export function replayList(keyspaceTables: Record<string, string[]>): string {
  return Object.entries(keyspaceTables).flatMap(([ks, tables]) => tables.map((t) => `${ks}.${t}`)).join(',');
}

/** The line Esop appends to cassandra-env.sh. */
export function replayListJvmOpts(list: string): string {
  return `JVM_OPTS="$JVM_OPTS -Dcassandra.replayList=${list}"`;
}
