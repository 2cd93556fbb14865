import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adler32 } from './adler32.js';

describe('adler32', () => {
  it('matches the known vectors', () => {
    assert.equal(adler32(Buffer.from('Wikipedia')), 300286872);
    assert.equal(adler32(new Uint8Array(0)), 1);
    assert.equal(adler32(Buffer.from('a')), 0x00620062);
    assert.equal(adler32(Buffer.from('abc')), 0x024d0127);
  });

  it('reduces correctly over long runs of 0xff (the worst case for the sums)', () => {
    // Against the definition, reduced after every byte.
    const data = new Uint8Array(1 << 20).fill(0xff);
    let a = 1;
    let b = 0;
    for (const byte of data) {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
    assert.equal(adler32(data), ((b << 16) | a) >>> 0);
  });

  it('continues from a previous value', () => {
    const whole = Buffer.from('Wikipedia is a free encyclopedia');
    assert.equal(adler32(whole.subarray(9), adler32(whole.subarray(0, 9))), adler32(whole));
  });
});
