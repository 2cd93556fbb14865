/**
 * Parses the text of a Java `.properties` file (java.util.Properties#load): `key=value`,
 * `key: value` or `key value`, `#`/`!` comments, backslash line continuations and escapes
 * (`\t`, `\n`, `\uXXXX`, `\=` ...). Later keys win, as in Java.
 */
export function parseJavaProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of logicalLines(text)) {
    const { key, value } = splitKeyValue(line);
    result.set(unescape(key), unescape(value));
  }
  return result;
}

/** Joins continuation lines (odd number of trailing backslashes) and drops blanks and comments. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let current: string | undefined;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/^[ \t\f]+/, ''); // Java strips leading blanks, also of continuations
    if (current === undefined && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
    const continues = trailing % 2 === 1;
    const content = continues ? line.slice(0, -1) : line;
    current = (current ?? '') + content;
    if (!continues) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) lines.push(current);
  return lines;
}

/** The key ends at the first unescaped `=`, `:` or whitespace; one separator and blanks around it are skipped. */
function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') i += 2;
    else if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    else i++;
  }
  const key = line.slice(0, i);
  let rest = line.slice(i).replace(/^[ \t\f]+/, '');
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '');
  return { key, value: rest };
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}
