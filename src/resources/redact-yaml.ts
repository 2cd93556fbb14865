import { isAlias, isPair, isScalar, type Node, parseDocument, visit } from 'yaml';

/** A redacted value, quoted so the document stays valid YAML (a bare `*` starts an alias). */
export const REDACTED_YAML = "'*****'";

/**
 * Keys whose values are secrets in cassandra.yaml and what plugins put in it: every `*password*`
 * (keystore, truststore, key, private key, LDAP admin…), `*passphrase*`, `*secret*`, private and
 * access keys, and tokens named as credentials — not `initial_token` or `num_tokens`, which are not.
 */
const SECRET_KEY = /password|passphrase|passwd|secret|(^|_)(private|api|access|auth)_?key$|^((auth|access|bearer|session|refresh|api)_?)?token$/;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/-/g, '_'));
}

/**
 * cassandra.yaml with every secret value replaced by `'*****'`, at any depth (server and client
 * encryption options, ssl_context_factory and key_provider parameters, …). Only the secret values
 * change: the rest of the text, comments and layout included, is served as written. A file that
 * does not parse is redacted line by line, PEM private-key blocks removed.
 */
export function redactYaml(text: string): string {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return redactLines(text);
  const ranges: Array<[number, number]> = [];
  const hide = (node: Node | null | undefined): void => {
    if (!node?.range) return;
    ranges.push([node.range[0], node.range[1]]);
    if (isAlias(node)) hide(node.resolve(doc) as Node | undefined);
  };
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isSecretKey(String(pair.key.value))) return undefined;
      const value = pair.value as Node | null;
      if (value === null || (isScalar(value) && value.value === null)) return undefined;
      hide(value);
      return visit.SKIP;
    },
  });
  let out = text;
  // A block scalar's range runs into the next line's indentation: that whitespace stays.
  for (const [start, end] of merge(ranges)) out = out.slice(0, start) + REDACTED_YAML + /\s*$/.exec(out.slice(start, end))![0] + out.slice(end);
  return out;
}

/** Disjoint ranges, last first, so replacing one never shifts the next. */
function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out.reverse();
}

function redactLines(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED_YAML)
    .split('\n')
    .map((line) => {
      const m = /^(\s*(?:-\s+)?["']?)([\w.-]+)(["']?\s*:\s*)(\S.*)$/.exec(line);
      return m && isSecretKey(m[2]) ? `${m[1]}${m[2]}${m[3]}${REDACTED_YAML}` : line;
    })
    .join('\n');
}
