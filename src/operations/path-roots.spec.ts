import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { PathField, PathsField } from './path-fields.js';
import { realPathSoFar, requestPaths, rootOf, within } from './path-roots.js';

class Section {
  @PathField('dir') sourceDir?: string;
}

class Base {
  @PathField('base dir', { default: '/etc/cassandra' }) configDir = '/etc/cassandra';
}

class Request extends Base {
  storageLocation?: string;
  @PathsField('dirs') dataDirs?: string[];
  @ValidateNested() @Type(() => Section) import?: Section;
}

function request(fields: Partial<Request>): Request {
  return Object.assign(new Request(), fields, fields.import ? { import: Object.assign(new Section(), fields.import) } : {});
}

describe('request paths and allowed roots', () => {
  it('lists the paths the client wrote, nested and inherited fields and file:// locations included, not server defaults', () => {
    const body = { dataDirs: ['/a/./b/', 'file:///c/d'], import: { sourceDir: '/x//y' }, storageLocation: 'file:///backups/bucket/cl/dc/n' };
    const plain = JSON.parse(JSON.stringify(body));
    const paths = requestPaths(request({ ...body, import: body.import as Section }), body, plain);
    assert.deepEqual(paths.map((p) => [p.field, p.path]), [
      ['dataDirs', '/a/b'], ['dataDirs', '/c/d'], ['storageLocation', '/backups/bucket'], ['import.sourceDir', '/x/y'],
    ]);
    for (const p of paths) p.store?.(p.path);
    assert.deepEqual(plain.dataDirs, ['/a/b', 'file:///c/d'], 'plain paths are stored normalised, URIs as given');
    assert.equal(plain.import.sourceDir, '/x/y');
    const withDefault = requestPaths(request({ configDir: '/etc/cassandra' }), {}, {});
    assert.deepEqual(withDefault, [], 'a default the client did not send is not checked');
    assert.deepEqual(requestPaths(request({ configDir: '/etc/cassandra' }), { configDir: '/etc/cassandra' }, {}), [], 'nor the default sent back (a coordinator copies it)');
    assert.deepEqual(requestPaths(request({ configDir: '/etc' }), { configDir: '/etc' }, {}).map((p) => p.field), ['configDir']);
  });

  it('decides containment by path segments, and roots by the parent of a Cassandra directory', () => {
    assert.ok(within('/var/lib/cassandra', '/var/lib/cassandra'));
    assert.ok(within('/var/lib/cassandra/restore/x', '/var/lib/cassandra'));
    assert.equal(within('/var/lib/cassandra2', '/var/lib/cassandra'), false);
    assert.equal(within('/var/lib', '/var/lib/cassandra'), false);
    assert.equal(rootOf('/var/lib/cassandra/data'), '/var/lib/cassandra');
    assert.equal(rootOf('/data/'), '/data', 'never the filesystem root');
  });

  it('follows symlinks as far as the path exists', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'roots-')));
    mkdirSync(join(dir, 'outside'));
    mkdirSync(join(dir, 'root'));
    symlinkSync(join(dir, 'outside'), join(dir, 'root', 'link'));
    assert.equal(await realPathSoFar(join(dir, 'root', 'link', 'new', 'file')), join(dir, 'outside', 'new', 'file'));
    assert.equal(await realPathSoFar(join(dir, 'root', 'plain')), join(dir, 'root', 'plain'));
  });
});
