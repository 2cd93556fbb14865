import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adler32 } from './adler32.js';
import { sstableKeyPart, sstableKeyResolver, tailAdler32 } from './sstable-key.js';

describe('sstableKeyPart', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sstable-key-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('takes the leading token of Digest.crc32 first, then adler32, then sha1', async () => {
    await writeFile(join(dir, 'nb-1-big-Digest.crc32'), '2620247400');
    await writeFile(join(dir, 'nb-1-big-Digest.adler32'), '111');
    assert.equal(await sstableKeyPart(dir, { prefix: 'nb-1-big', generation: '1' }), '1-2620247400');
    await writeFile(join(dir, 'nb-2-big-Digest.adler32'), '12345');
    await writeFile(join(dir, 'nb-2-big-Digest.sha1'), 'abc');
    assert.equal(await sstableKeyPart(dir, { prefix: 'nb-2-big', generation: '2' }), '2-12345');
    // Cassandra 2.0: "<sha1>  <file name>"; the token ends at the first non-alphanumeric character.
    await writeFile(join(dir, 'ks-cf-jb-3-Digest.sha1'), 'f00dcafe1234  ks-cf-jb-3-Data.db');
    assert.equal(await sstableKeyPart(dir, { prefix: 'ks-cf-jb-3', generation: '3' }), '3-f00dcafe1234');
  });

  it('uses the id of UUID-named SSTables', async () => {
    const prefix = 'da-3gy0_111j_2u8ka1z4k2vcw67ubc-bti';
    await writeFile(join(dir, `${prefix}-Digest.crc32`), '42');
    assert.equal(await sstableKeyPart(dir, { prefix, generation: '3gy0_111j_2u8ka1z4k2vcw67ubc' }), '3gy0_111j_2u8ka1z4k2vcw67ubc-42');
  });

  it('skips a digest file Java would not match (line break after the token, or empty) as Esop does', async () => {
    await writeFile(join(dir, 'nb-4-big-Digest.crc32'), '999\n');
    await writeFile(join(dir, 'nb-4-big-Digest.adler32'), '');
    await writeFile(join(dir, 'nb-4-big-Digest.sha1'), 'beef');
    assert.equal(await sstableKeyPart(dir, { prefix: 'nb-4-big', generation: '4' }), '4-beef');
  });

  it('falls back to the decimal Adler-32 of Data.db without a digest file', async () => {
    await writeFile(join(dir, 'nb-5-big-Data.db'), 'Wikipedia');
    assert.equal(await sstableKeyPart(dir, { prefix: 'nb-5-big', generation: '5' }), '5-300286872');
  });

  it('checksums only the last 10 MiB of a large Data.db', async () => {
    const tail = Buffer.alloc(10 * 1024 * 1024, 7);
    const path = join(dir, 'nb-6-big-Data.db');
    await writeFile(path, Buffer.concat([Buffer.from('head bytes that do not count'), tail]));
    assert.equal(await tailAdler32(path), String(adler32(tail)));
  });

  it('fails clearly when neither a digest nor Data.db is there', async () => {
    await assert.rejects(sstableKeyPart(dir, { prefix: 'nb-9-big', generation: '9' }), /Cannot key SSTable nb-9-big .*no digest file/);
  });

  it('resolves each SSTable once per resolver', async () => {
    await writeFile(join(dir, 'nb-7-big-Digest.crc32'), '7');
    const resolve = sstableKeyResolver();
    const first = resolve(dir, { prefix: 'nb-7-big', generation: '7' });
    assert.equal(resolve(dir, { prefix: 'nb-7-big', generation: '7' }), first);
    assert.equal(await first, '7-7');
    await assert.rejects(resolve(dir, { prefix: 'nb-8-big', generation: '8' }));
    await writeFile(join(dir, 'nb-8-big-Digest.crc32'), '8');
    assert.equal(await resolve(dir, { prefix: 'nb-8-big', generation: '8' }), '8-8', 'a failure is not remembered');
  });
});
