import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeDirectories, updateCassandraYaml } from './cassandra-yaml.js';

describe('cassandra.yaml for IN_PLACE', () => {
  it('reads the directories, defaulting to the layout under cassandraDirectory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yaml-'));
    await writeFile(join(dir, 'cassandra.yaml'), 'data_file_directories: [/d1, /d2]\ncommitlog_directory: /cl\n');
    assert.deepEqual(await nodeDirectories(dir, '/var/lib/cassandra'), {
      dataDirs: ['/d1', '/d2'], commitlog: '/cl', hints: '/var/lib/cassandra/hints', savedCaches: '/var/lib/cassandra/saved_caches',
    });
    assert.deepEqual((await nodeDirectories('/nonexistent', '/c'))?.dataDirs, ['/c/data']);
    assert.equal(await nodeDirectories('/nonexistent', undefined), null);
  });

  it('sets auto_bootstrap false and the backup\'s tokens, keeping comments; an initial_token already set is only reported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yaml-'));
    await writeFile(join(dir, 'cassandra.yaml'), '# my node\nauto_bootstrap: true\ninitial_token:\nnum_tokens: 2\n');
    assert.deepEqual(await updateCassandraYaml(dir, ['-5', '7']), []);
    assert.equal(await readFile(join(dir, 'cassandra.yaml'), 'utf8'), '# my node\nauto_bootstrap: false\ninitial_token: -5,7\nnum_tokens: 2\n');
    await writeFile(join(dir, 'cassandra.yaml'), 'initial_token: 1\n');
    assert.match((await updateCassandraYaml(dir, ['2']))[0], /already sets initial_token; the backup's tokens are: 2/);
    assert.equal(await readFile(join(dir, 'cassandra.yaml'), 'utf8'), 'initial_token: 1\nauto_bootstrap: false\n');
  });
});
