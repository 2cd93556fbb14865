import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeProperties, parseProperties, removeProperties, replayList, replayListJvmOpts, restorePointInTime } from './archiving-properties.js';

describe('commitlog_archiving.properties', () => {
  it('writes the point in time in GMT with milliseconds (Cassandra 5.0: yyyy:MM:dd HH:mm:ss[.SSS])', () => {
    assert.equal(restorePointInTime(Date.UTC(2024, 0, 2, 3, 4, 5, 123)), '2024:01:02 03:04:05.123');
    assert.equal(restorePointInTime(Date.UTC(2024, 11, 31, 23, 59, 59, 7)), '2024:12:31 23:59:59.007');
    assert.equal(restorePointInTime(0), '1970:01:01 00:00:00.000');
  });

  it('sets the restore keys, escaped as Properties.store does, and keeps every other line', () => {
    const existing = [
      '# Cassandra archiving',
      'archive_command=/bin/ln %path /backup/%name',
      '  restore_command : old \\',
      '     continued',
      '! another comment',
      'restore_point_in_time=2001:01:01 00:00:00',
      '',
    ].join('\n');
    const merged = mergeProperties(existing, {
      restore_command: 'cp -f %from %to',
      restore_directories: '/var/lib/cassandra/restore',
      restore_point_in_time: '2024:01:02 03:04:05.123',
    });
    assert.equal(merged, [
      '# Cassandra archiving',
      'archive_command=/bin/ln %path /backup/%name',
      '! another comment',
      'restore_command=cp -f %from %to',
      'restore_directories=/var/lib/cassandra/restore',
      'restore_point_in_time=2024\\:01\\:02 03\\:04\\:05.123',
      '',
    ].join('\n'));
    assert.deepEqual(Object.fromEntries(parseProperties(merged)), {
      archive_command: '/bin/ln %path /backup/%name',
      restore_command: 'cp -f %from %to',
      restore_directories: '/var/lib/cassandra/restore',
      restore_point_in_time: '2024:01:02 03:04:05.123',
    });
    assert.equal(mergeProperties(merged, { restore_point_in_time: 'x' }).match(/restore_point_in_time/g)?.length, 1, 'merging again replaces');
  });

  it('reads keys the ways Java does (=, :, white space, escapes, continuations)', () => {
    const text = 'a=1\nb: 2\nc 3\nd\\ e=4\\\n   5\nf=\\u00e9\\t\\=\n#g=7\n';
    assert.deepEqual(Object.fromEntries(parseProperties(text)), { a: '1', b: '2', c: '3', 'd e': '45', f: 'é\t=' });
    assert.equal(mergeProperties('', { k: ' lead é#' }), 'k=\\ lead \\u00E9\\#\n');
  });

  it('removes the restore keys and only them', () => {
    const text = 'archive_command=a\nrestore_command=cp\nrestore_directories=/d\nrestore_point_in_time=2024\\:01\\:01 00\\:00\\:00\n';
    assert.equal(removeProperties(text, ['restore_command', 'restore_directories', 'restore_point_in_time']), 'archive_command=a\n');
    assert.equal(removeProperties('restore_command=cp\n', ['restore_command']), '');
  });

  it('builds the replay list as Esop (ks.t,ks2.t2)', () => {
    const list = replayList({ ks: ['t1', 't2'], ks2: ['t'] });
    assert.equal(list, 'ks.t1,ks.t2,ks2.t');
    assert.equal(replayListJvmOpts(list), 'JVM_OPTS="$JVM_OPTS -Dcassandra.replayList=ks.t1,ks.t2,ks2.t"');
    assert.equal(replayList({}), '');
  });
});
