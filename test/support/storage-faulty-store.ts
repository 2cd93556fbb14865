import { Transform } from 'node:stream';
import { UnavailableError } from '../../src/common/errors.js';
import type { ObjectStore } from '../../src/storage/index.js';

/**
 * Wraps a real backend and injects failures at the ObjectStore seam, so the retry and resume logic
 * can be checked against every provider, `file` included (the HTTP fault proxy covers the wire).
 */
export class FaultyStore {
  /** Writes still to fail (each consumes the body first, as a dropped connection would). */
  failWrites = 0;
  /** Reads still to break after `breakReadAfter` bytes of their stream. */
  breakReads = 0;
  breakReadAfter = 0;
  writeAttempts = 0;
  readOffsets: number[] = [];

  wrap(inner: ObjectStore): ObjectStore {
    const self = this;
    return new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'write') {
          return async (...args: Parameters<ObjectStore['write']>) => {
            self.writeAttempts++;
            if (self.failWrites > 0) {
              self.failWrites--;
              for await (const _ of args[1]) void _;
              throw new UnavailableError('injected write failure');
            }
            return target.write(...args);
          };
        }
        if (prop === 'read') {
          return async (...args: Parameters<ObjectStore['read']>) => {
            self.readOffsets.push(args[1]);
            const result = await target.read(...args);
            if (self.breakReads === 0) return result;
            self.breakReads--;
            let passed = 0;
            const limit = self.breakReadAfter;
            const breaker = new Transform({
              transform(chunk: Buffer, _enc, cb) {
                if (passed + chunk.length <= limit) {
                  passed += chunk.length;
                  return cb(null, chunk);
                }
                this.push(chunk.subarray(0, limit - passed));
                passed = limit;
                cb(new UnavailableError('injected connection reset'));
              },
            });
            result.stream.once('error', (e) => breaker.destroy(e));
            breaker.once('error', () => result.stream.destroy());
            return { ...result, stream: result.stream.pipe(breaker) };
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
