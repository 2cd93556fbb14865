import { after, before, describe } from 'node:test';
import { BackupBed } from '../cassandra/backup-bed.js';
import { BedContext } from '../cassandra/bed-context.js';
import { NodeSidecars } from '../cassandra/sidecars.js';
import { globalSuites } from '../cassandra/suites/global-operations.suite.js';

/**
 * Runs the cluster-wide suites alone on a bed of their own (TESTBED_DIR/TESTBED_IP_PREFIX/
 * TESTBED_JMX_BASE pick it; TESTBED_REUSE=1 uses one already up with --jmx --second-data-dir).
 * test/cassandra/cassandra.test.ts can call globalSuites(backups) with its shared context instead.
 */
describe('cluster-wide operations (own bed)', { timeout: 30 * 60_000 }, () => {
  const ctx = new BedContext(3);
  const sidecars = new NodeSidecars(ctx);
  const backups = new BackupBed(ctx, sidecars);
  before(async () => {
    await ctx.start();
    await sidecars.start();
    await backups.start();
  }, { timeout: 15 * 60_000 });
  after(async () => {
    await backups.stop();
    await sidecars.stop();
    await ctx.stop();
  }, { timeout: 2 * 60_000 });

  globalSuites(backups);
});
