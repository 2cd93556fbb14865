import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointHost } from './mbeans.js';
import { parseDcFilter } from './topology.js';

describe('parseDcFilter', () => {
  it('splits on commas and blanks like Esop, dropping empties and duplicates', () => {
    assert.deepEqual(parseDcFilter(' dc1 , dc2  dc3,,dc1 '), ['dc1', 'dc2', 'dc3']);
    assert.deepEqual(parseDcFilter(['dc1', 'dc2,dc3']), ['dc1', 'dc2', 'dc3']);
    assert.deepEqual(parseDcFilter(undefined), []);
  });
});

describe('endpointHost', () => {
  it('strips the storage port from IPv4 and bracketed IPv6 endpoints', () => {
    assert.equal(endpointHost('127.0.0.2:7000'), '127.0.0.2');
    assert.equal(endpointHost('/127.0.0.2:7000'), '127.0.0.2');
    assert.equal(endpointHost('127.0.0.2'), '127.0.0.2');
    assert.equal(endpointHost('[::1]:7000'), '::1');
    assert.equal(endpointHost('::1'), '::1');
  });
});
