import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { archivedSegments, describeNoSegments, selectSegments, type ArchivedSegment } from './segment-window.js';

const NODE = 'cl/dc1/node1';
const seg = (id: number, mtimeMs: number): ArchivedSegment => ({
  objectKey: `commitlog/CommitLog-8-${id}.log.${mtimeMs}`, fileName: `CommitLog-8-${id}.log`, mtimeMs, size: 100,
});
const names = (s: ArchivedSegment[]) => s.map((x) => `${x.fileName}@${x.mtimeMs}`);

describe('commit-log segment window', () => {
  it('reads segment keys under the node path and ignores everything else', () => {
    const listed = [
      { key: `${NODE}/commitlog/CommitLog-8-2.log.2000`, size: 7 },
      { key: `${NODE}/commitlog/CommitLog-8-1.log.1000`, size: 5 },
      { key: `${NODE}/commitlog/notes.txt.3000`, size: 1 },
      { key: `${NODE}/commitlog/CommitLog-8-3.log`, size: 1 },
      { key: `other/dc1/node1/commitlog/CommitLog-8-4.log.4000`, size: 1 },
    ];
    assert.deepEqual(archivedSegments(listed, NODE), [
      { objectKey: 'commitlog/CommitLog-8-1.log.1000', fileName: 'CommitLog-8-1.log', mtimeMs: 1000, size: 5 },
      { objectKey: 'commitlog/CommitLog-8-2.log.2000', fileName: 'CommitLog-8-2.log', mtimeMs: 2000, size: 7 },
    ]);
  });

  it('keeps the window, bounds included, plus the first segment after its end (Esop\'s overhang)', () => {
    const all = [seg(1, 1000), seg(2, 2000), seg(3, 3000), seg(4, 4000), seg(5, 5000)];
    assert.deepEqual(names(selectSegments(all, 2000, 3000)), ['CommitLog-8-2.log@2000', 'CommitLog-8-3.log@3000', 'CommitLog-8-4.log@4000']);
    assert.deepEqual(names(selectSegments(all, 0, 2500)), ['CommitLog-8-1.log@1000', 'CommitLog-8-2.log@2000', 'CommitLog-8-3.log@3000']);
    assert.deepEqual(names(selectSegments(all, 0, 100)), ['CommitLog-8-1.log@1000'], 'only the overhang');
    assert.deepEqual(names(selectSegments(all, 6000, 7000)), [], 'everything is older than the window');
    assert.deepEqual(names(selectSegments(all, 0, 9000)), names(all), 'no overhang after the last one');
  });

  it('takes every segment closed at the first time after the end', () => {
    const all = [seg(1, 1000), seg(2, 4000), seg(3, 4000), seg(4, 5000)];
    assert.deepEqual(names(selectSegments(all, 0, 2000)), ['CommitLog-8-1.log@1000', 'CommitLog-8-2.log@4000', 'CommitLog-8-3.log@4000']);
  });

  it('restores a segment uploaded several times from its latest copy', () => {
    const all = [seg(1, 1000), seg(2, 1500), seg(2, 2500), seg(2, 3500), seg(3, 4000)];
    assert.deepEqual(names(selectSegments(all, 0, 2000)), ['CommitLog-8-1.log@1000', 'CommitLog-8-2.log@3500']);
  });

  it('explains an empty selection with the window and what the bucket holds', () => {
    assert.match(describeNoSegments([], 0, 10, 'file:///b/cl/dc1/n/commitlog/'), /holds no segments at all/);
    const message = describeNoSegments([seg(1, 1000), seg(2, 2000)], 5000, 6000, 'file:///b/cl/dc1/n/commitlog/');
    assert.match(message, /none of the 2 segment\(s\) in file:\/\/\/b\/cl\/dc1\/n\/commitlog\/ was last modified between 1970-01-01T00:00:05.000Z and 1970-01-01T00:00:06.000Z/);
    assert.match(message, /timestampStart 5000, timestampEnd 6000/);
    assert.match(message, /from 1970-01-01T00:00:01.000Z to 1970-01-01T00:00:02.000Z/);
  });
});
