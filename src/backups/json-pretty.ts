/**
 * JSON laid out as Jackson's default pretty printer lays it out, which is how Esop writes manifests
 * and prints listings: `"key" : value`, two-space indents per object level, arrays on one line
 * (`[ "a", "b" ]`, `[ {` … `}, {` … `} ]`), and `{ }` / `[ ]` when empty. Any JSON reader reads
 * either layout; matching it keeps our files diffable against Esop's. Undefined members are left out.
 */
export function jacksonPretty(value: unknown): string {
  return render(value, 0);
}

function render(value: unknown, depth: number): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => render(v === undefined ? null : v, depth));
    return items.length === 0 ? '[ ]' : `[ ${items.join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    if (members.length === 0) return '{ }';
    const indent = '  '.repeat(depth + 1);
    const body = members.map(([k, v]) => `\n${indent}${JSON.stringify(k)} : ${render(v, depth + 1)}`).join(',');
    return `{${body}\n${'  '.repeat(depth)}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
