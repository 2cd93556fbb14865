import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import { parseProxySettings, parseStorageRequestOptions, proxyUrl } from './storage-options.js';
import { effectiveRate, parseDataRate, parseHashAlgorithm, parseRetry, parseTime, retryDelayMs } from './transfer-options.js';

describe('storage request options', () => {
  it('fills Esop defaults for retry and repairs out-of-range values the way Esop does', () => {
    assert.deepEqual(parseRetry(undefined), { interval: 10, strategy: 'LINEAR', maxAttempts: 3, enabled: false });
    assert.deepEqual(parseRetry({ interval: 0, strategy: 'exponential', maxAttempts: -1, enabled: true }), {
      interval: 10,
      strategy: 'EXPONENTIAL',
      maxAttempts: 3,
      enabled: true,
    });
    assert.equal(parseRetry({ strategy: 'bogus' }).strategy, 'LINEAR');
    assert.throws(() => parseRetry({ interval: 'soon' }), ValidationError);
    assert.throws(() => parseRetry({ enabled: 'yes' }), /retry.enabled: must be true or false/);
  });

  it('computes linear and exponential retry delays', () => {
    const linear = parseRetry({ interval: 2 });
    const exponential = parseRetry({ interval: 2, strategy: 'EXPONENTIAL' });
    assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(linear, n)), [2000, 2000, 2000]);
    assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(exponential, n)), [2000, 4000, 8000]);
  });

  it('parses bandwidth and duration objects and CLI strings in decimal units', () => {
    assert.deepEqual(parseDataRate({ value: 20, unit: 'MBPS' }), { value: 20, unit: 'MBPS' });
    assert.deepEqual(parseDataRate('10 mb'), { value: 10, unit: 'MBPS' });
    assert.deepEqual(parseTime('30m'), { value: 30, unit: 'MINUTES' });
    assert.deepEqual(parseTime('5 minutes'), { value: 5, unit: 'MINUTES' });
    assert.deepEqual(parseTime({ value: 1, unit: 'HOURS' }), { value: 1, unit: 'HOURS' });
    assert.throws(() => parseDataRate({ value: 1, unit: 'PBPS' }), /bandwidth.unit/);
    assert.throws(() => parseTime({ value: -1, unit: 'DAYS' }), /duration.value/);
  });

  it("throttles at Esop's max(bandwidth, size/duration) for the whole transfer", () => {
    assert.equal(effectiveRate({ value: 20, unit: 'MBPS' }, null, 0), 20e6);
    assert.equal(effectiveRate(null, { value: 10, unit: 'SECONDS' }, 100e6), 10e6);
    assert.equal(effectiveRate({ value: 1, unit: 'KBPS' }, { value: 1, unit: 'MINUTES' }, 600e6), 10e6);
    assert.equal(effectiveRate(null, null, 1e9), null);
  });

  it('accepts the hash algorithms Esop knows', () => {
    assert.equal(parseHashAlgorithm(undefined), 'SHA-256');
    assert.equal(parseHashAlgorithm('sha256'), 'SHA-256');
    assert.equal(parseHashAlgorithm('crc'), 'CRC');
    assert.throws(() => parseHashAlgorithm('md5'), /hashAlgorithm/);
  });

  it('reads a whole request with defaults and rejects wrong types', () => {
    const o = parseStorageRequestOptions({ concurrentConnections: 4, kmsKeyId: 'k', unknownField: 1 });
    assert.equal(o.concurrentConnections, 4);
    assert.equal(o.kmsKeyId, 'k');
    assert.equal(o.skipRefreshing, false);
    assert.equal(parseStorageRequestOptions({}).concurrentConnections, 10);
    assert.throws(() => parseStorageRequestOptions({ createMissingBucket: 'true' }), /createMissingBucket/);
  });

  it("builds a proxy URL only when host and port are set, defaulting to https like Esop", () => {
    assert.equal(proxyUrl(parseProxySettings({ proxyHost: 'p' })), null);
    assert.equal(proxyUrl(parseProxySettings({ proxyHost: 'p', proxyPort: 3128 }))?.href, 'https://p:3128/');
    const withAuth = proxyUrl(parseProxySettings({ proxyHost: 'p', proxyPort: 1, proxyProtocol: 'HTTP', proxyUsername: 'u', proxyPassword: 's' }));
    assert.equal(withAuth?.protocol, 'http:');
    assert.equal(withAuth?.password, 's');
    assert.throws(() => parseProxySettings({ proxyPort: 70000 }), /proxyPort/);
  });
});
