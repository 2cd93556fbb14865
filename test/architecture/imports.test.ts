import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/*
 * The layering rules of STYLE.md, checked on the TypeScript sources: no import cycles, modules
 * never import each other, coordination never imports a module, queues never import the engine,
 * metrics stays at the bottom (lower layers use only its sink), and nothing imports from test/.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => normalize(join(dirname(file), s.replace(/\.js$/, '.ts'))));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(SRC, f);
const area = (f: string) => rel(f).split('/')[0];

describe('architecture', () => {
  it('has no import cycles', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(rel).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const dep of graph.get(file) ?? []) visit(dep, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it('keeps the layers: modules apart, coordination and queues below them, nothing from test/', () => {
    const problems: string[] = [];
    for (const [file, deps] of graph) {
      for (const dep of deps) {
        const [from, to] = [rel(file), rel(dep)];
        if (to.startsWith('..')) problems.push(`${from} imports outside src: ${to}`);
        if (from.startsWith('modules/') && to.startsWith('modules/') && from.split('/')[1] !== to.split('/')[1] && from.split('/').length > 2) {
          problems.push(`${from} imports another module: ${to}`);
        }
        if (area(file) === 'coordination' && area(dep) === 'modules') problems.push(`${from} (coordination) imports ${to}`);
        if (area(file) === 'queues' && ['operations', 'modules', 'coordination'].includes(area(dep))) problems.push(`${from} (queues) imports ${to}`);
        const lower = ['common', 'config', 'storage', 'cassandra', 'metrics', 'security'];
        if (lower.includes(area(file)) && ['operations', 'modules', 'coordination', 'resources', 'cli', 'queues'].includes(area(dep))) {
          problems.push(`${from} imports the higher layer ${to}`);
        }
        // metrics sits with common at the bottom; the layers the CLI also loads reach it only through
        // its sink, so `icarus esop` never loads prom-client.
        if (area(file) === 'metrics' && !['metrics', 'common'].includes(area(dep))) problems.push(`${from} (metrics) imports ${to}`);
        if (['common', 'config', 'storage', 'cassandra', 'backups'].includes(area(file)) && area(dep) === 'metrics' && to !== 'metrics/sink.ts') {
          problems.push(`${from} imports ${to} instead of metrics/sink.ts`);
        }
        // security/ (tokens, TLS files, peer credentials) sits on config/ and common/ only.
        if (area(file) === 'security' && ['storage', 'cassandra'].includes(area(dep))) problems.push(`${from} (security) imports ${to}`);
        if (['common', 'config', 'storage', 'cassandra'].includes(area(file)) && area(dep) === 'security') problems.push(`${from} imports the higher layer ${to}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
