import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rangeConditions, selectionOf } from './cql-digest.js';
import { nativeAddressIn } from './failure-detector.js';
import { replicaRangesIn } from './replica-ranges.js';

describe('content digest queries', () => {
  it('selects keys in order, other columns by name, write times of timed cells and TTLs last', () => {
    const columns = [
      { name: 'v', kind: 'regular', position: -1, type: 'text' },
      { name: 'c', kind: 'clustering', position: 0, type: 'int' },
      { name: 'n', kind: 'regular', position: -1, type: 'counter' },
      { name: 'id', kind: 'partition_key', position: 0, type: 'int' },
      { name: 'l', kind: 'regular', position: -1, type: 'list<int>' },
      { name: 'u', kind: 'regular', position: -1, type: 'addr' },
    ];
    const { text, ttlKey } = selectionOf(columns, true);
    assert.equal(text, '"id", "c", "l", "n", "u", "v", writetime("l") AS icarus_w0, writetime("v") AS icarus_w1, collection_min(ttl("l")) AS icarus_t0, ttl("v") AS icarus_t1');
    assert.equal(ttlKey, 'icarus_t0');
    assert.equal(selectionOf(columns, false).text, '"id", "c", "l", "n", "u", "v", writetime("v") AS icarus_w0, ttl("v") AS icarus_t0');
  });

  it('reads a wrapping range as two, never bounding by the minimum token (Cassandra reads it as the ring\'s end)', () => {
    const MIN = '-9223372036854775808';
    assert.deepEqual(rangeConditions({ start: '-5', end: '7' }, '"id"'), ['token("id") > -5 AND token("id") <= 7']);
    assert.deepEqual(rangeConditions({ start: MIN, end: '7' }, '"id"'), ['token("id") <= 7']);
    assert.deepEqual(rangeConditions({ start: '3074457345618258602', end: MIN }, '"a", "b"'), ['token("a", "b") > 3074457345618258602']);
    assert.deepEqual(rangeConditions({ start: '10', end: '-3' }, '"id"'), ['token("id") > 10', 'token("id") <= -3']);
    assert.deepEqual(rangeConditions({ start: '10', end: '10' }, '"id"'), ['token("id") > 10', 'token("id") <= 10']);
    assert.deepEqual(rangeConditions({ start: MIN, end: MIN }, '"id"'), ['']);
  });
});

describe('ring answers', () => {
  it('keeps the ranges a node replicates', () => {
    const map = { '[-9223372036854775808, -3]': ['127.0.0.2:7000', '127.0.0.3:7000'], '[-3, 5]': ['127.0.0.1:7000'], '[5, -9223372036854775808]': ['127.0.0.1:7000', '127.0.0.2:7000'] };
    assert.deepEqual(replicaRangesIn(map, '127.0.0.1'), [{ start: '-3', end: '5' }, { start: '5', end: '-9223372036854775808' }]);
  });

  it('finds a node\'s native address in gossip states by host id', () => {
    const states = '/127.0.0.1:7000\n  HOST_ID:2:aaa\n  RPC_ADDRESS:4:10.0.0.1\n  NATIVE_ADDRESS_AND_PORT:3:10.0.0.1:9142\n/127.0.0.2:7000\n  HOST_ID:2:bbb\n  RPC_ADDRESS:4:10.0.0.2\n';
    assert.equal(nativeAddressIn(states, 'aaa'), '10.0.0.1:9142');
    assert.equal(nativeAddressIn(states, 'bbb'), '10.0.0.2:9042');
    assert.equal(nativeAddressIn(states, 'ccc'), null);
  });
});
