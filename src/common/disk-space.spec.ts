import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortfalls, type Filesystem } from './disk-space.js';

const fs = (device: number, dir: string, free: number): [number, Filesystem] => [device, { device, dir, free }];

describe('shortfalls', () => {
  const filesystems = new Map([fs(1, '/data', 1000), fs(2, '/restore', 500), fs(3, '/data2', 300)]);

  it('adds up the needs of one filesystem (a download and the copy Cassandra makes of it on the same disk)', () => {
    const needs = [
      { dirs: ['/data/dl'], devices: [1], bytes: 600, what: 'the download' },
      { dirs: ['/data/ks/t'], devices: [1], bytes: 600, what: 'the import copy' },
    ];
    assert.deepEqual(shortfalls(needs, filesystems), ['Not enough space on the filesystem holding /data: 1200 bytes needed (the download: 600, the import copy: 600), 1000 bytes free']);
    assert.deepEqual(shortfalls(needs.slice(0, 1), filesystems), []);
    const twoTables = [needs[0], { ...needs[0], dirs: ['/data/dl/t2'] }];
    assert.match(shortfalls(twoTables, filesystems)[0], /1200 bytes needed \(the download: 1200\)/, 'one sum per kind of write');
  });

  it('names every filesystem that falls short, each with its own numbers', () => {
    const problems = shortfalls([
      { dirs: ['/restore'], devices: [2], bytes: 501, what: 'the download' },
      { dirs: ['/data2'], devices: [3], bytes: 301, what: 'the download' },
      { dirs: ['/data'], devices: [1], bytes: 1000, what: 'the download' },
    ], filesystems);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /holding \/restore: 501 bytes needed .* 500 bytes free/);
    assert.match(problems[1], /holding \/data2: 301 bytes/);
  });

  it('a need spread over several filesystems fits in what they have left between them', () => {
    const own = { dirs: ['/data/dl'], devices: [1], bytes: 900, what: 'the download' };
    const spread = { dirs: ['/data/ks/t', '/data2/ks/t'], devices: [1, 3], bytes: 400, what: 'the import copy' };
    assert.deepEqual(shortfalls([own, spread], filesystems), [], '100 left on /data and 300 on /data2');
    const problems = shortfalls([own, { ...spread, bytes: 401 }], filesystems);
    assert.deepEqual(problems, ['Not enough space on the filesystems holding /data, /data2: 401 bytes needed (the import copy), 400 bytes free between them']);
  });

  it('spread needs are counted one after another', () => {
    const spread = (bytes: number) => ({ dirs: ['/data', '/data2'], devices: [1, 3], bytes, what: 'the import copy' });
    assert.deepEqual(shortfalls([spread(700), spread(600)], filesystems), []);
    assert.equal(shortfalls([spread(700), spread(601)], filesystems).length, 1);
  });

  it('nothing to write needs no space', () => {
    assert.deepEqual(shortfalls([{ dirs: ['/restore'], devices: [2], bytes: 0, what: 'x' }], new Map([fs(2, '/restore', 0)])), []);
  });
});
