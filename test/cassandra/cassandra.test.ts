import { after, before, describe } from 'node:test';
import { BackupBed } from './backup-bed.js';
import { BedContext } from './bed-context.js';
import { backupSuite } from './suites/backup.suite.js';
import { backupRepairedSuite } from './suites/backup-repaired.suite.js';
import { backupInteropSuite } from './suites/backup-interop.suite.js';
import { backupResumeSuite } from './suites/backup-resume.suite.js';
import { backupManageSuite } from './suites/backup-manage.suite.js';
import { backupGuaranteesSuite } from './suites/backup-guarantees.suite.js';
import { restoreSuite } from './suites/restore.suite.js';
import { restoreEdgesSuite } from './suites/restore-edges.suite.js';
import { restoreGuaranteesSuite } from './suites/restore-guarantees.suite.js';
import { restoreInPlaceSuite } from './suites/restore-in-place.suite.js';
import { restoreSpaceSuite } from './suites/restore-space.suite.js';
import { commitlogRestoreSuite } from './suites/commitlog-restore.suite.js';
import { drillSuite } from './suites/drill.suite.js';
import { globalSuites } from './suites/global-operations.suite.js';
import { importSuite } from './suites/import.suite.js';
import { jolokiaHttpsSuite } from './suites/jolokia-https.suite.js';
import { membershipChangesSuite } from './suites/membership-changes.suite.js';
import { nodeInfoSuite } from './suites/node-info.suite.js';
import { observabilitySuite } from './suites/observability.suite.js';
import { sstableOperationsSuite } from './suites/sstable-operations.suite.js';
import { restJolokiaOutageSuite } from './suites/rest-jolokia-outage.suite.js';
import { restNodeInfoSuite } from './suites/rest-node-info.suite.js';
import { restOperationsSuite } from './suites/rest-operations.suite.js';
import { restRingChangesSuite } from './suites/rest-ring-changes.suite.js';
import { topologySuite } from './suites/topology.suite.js';
import { NodeSidecars } from './sidecars.js';

/**
 * The facades, and the sidecar's REST operations and endpoints, against a real 3-node Cassandra 5.0
 * test bed (testbed/testbed), started once for all suites; they run in order, ring changes last.
 */
describe('Cassandra on a 3-node test bed: facades and REST', { timeout: 30 * 60_000 }, () => {
  const ctx = new BedContext(3, { jmx: true, secondDataDir: true, jolokiaHttps: true });
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

  nodeInfoSuite(ctx);
  topologySuite(ctx);
  sstableOperationsSuite(ctx);
  importSuite(ctx);
  restNodeInfoSuite(ctx, sidecars);
  restOperationsSuite(ctx, sidecars);
  restJolokiaOutageSuite(ctx, sidecars);
  observabilitySuite(ctx, sidecars, () => backups.env);
  jolokiaHttpsSuite(ctx, () => sidecars.redis.url);
  backupSuite(backups);
  backupRepairedSuite(backups);
  backupInteropSuite(backups);
  backupResumeSuite(backups);
  backupManageSuite(backups);
  backupGuaranteesSuite(backups);
  restoreSuite(backups);
  restoreEdgesSuite(backups);
  restoreGuaranteesSuite(backups);
  restoreSpaceSuite(backups);
  restoreInPlaceSuite(backups);
  commitlogRestoreSuite(backups, 3);
  globalSuites(backups);
  drillSuite(backups);
  membershipChangesSuite(ctx);
  restRingChangesSuite(ctx, sidecars);
});
