import { after, before, describe } from 'node:test';
import { BedContext } from './bed-context.js';
import { importSuite } from './suites/import.suite.js';
import { membershipChangesSuite } from './suites/membership-changes.suite.js';
import { nodeInfoSuite } from './suites/node-info.suite.js';
import { sstableOperationsSuite } from './suites/sstable-operations.suite.js';
import { topologySuite } from './suites/topology.suite.js';

/**
 * The facades against a real 3-node Cassandra 5.0 test bed (testbed/testbed), started once for
 * all suites; they run in order, and the ring-changing ones last.
 */
describe('Cassandra facades on a 3-node test bed', { timeout: 15 * 60_000 }, () => {
  const ctx = new BedContext(3);
  before(() => ctx.start(), { timeout: 5 * 60_000 });
  after(() => ctx.stop(), { timeout: 2 * 60_000 });

  nodeInfoSuite(ctx);
  topologySuite(ctx);
  sstableOperationsSuite(ctx);
  importSuite(ctx);
  membershipChangesSuite(ctx);
});
