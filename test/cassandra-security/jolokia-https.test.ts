import { after, before, describe } from 'node:test';
import { BedContext } from '../cassandra/bed-context.js';
import { jolokiaHttpsSuite } from '../cassandra/suites/jolokia-https.suite.js';
import { TestRedis } from '../support/redis-server.js';

/**
 * The Jolokia-over-https suite on a bed of its own: one node started with `--jolokia-https`.
 * `scripts/npm test` runs the same suite on the shared 3-node bed (test/cassandra/cassandra.test.ts);
 * this file runs it alone: `scripts/test.sh cassandra-security`.
 */
describe('Cassandra on a 1-node test bed: Jolokia over https', { timeout: 10 * 60_000 }, () => {
  const ctx = new BedContext(1, { jolokiaHttps: true });
  let redis: TestRedis;
  before(async () => {
    await ctx.start();
    redis = await TestRedis.start();
  }, { timeout: 5 * 60_000 });
  after(async () => {
    await redis?.dispose();
    await ctx.stop();
  });

  jolokiaHttpsSuite(ctx, () => redis.url);
});
