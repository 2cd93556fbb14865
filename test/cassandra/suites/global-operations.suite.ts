import { after, before, describe } from 'node:test';
import type { BackupBed } from '../backup-bed.js';
import { GlobalBed } from '../global-bed.js';
import { globalBackupRestoreSuite } from './global-backup-restore.suite.js';
import { globalCrashSuite } from './global-crash.suite.js';
import { globalOptionsSuite } from './global-options.suite.js';
import { globalRestoreGuardsSuite } from './global-restore-guards.suite.js';
import { globalDrillSuite } from './global-drill.suite.js';
import { goClientSuite } from './go-client.suite.js';

/**
 * Issue 10's end-to-end proof on the shared 3-node bed: one sidecar per node (own process, own
 * embedded Redis, node address + one shared port), cluster-wide backup, restore, crash, cancel;
 * then issue 12's Icarus Go client (CassKop's requests) against the same sidecars.
 */
export function globalSuites(backups: BackupBed): void {
  describe('cluster-wide operations on the 3-node bed', () => {
    const g = new GlobalBed(backups);
    before(() => g.start(), { timeout: 5 * 60_000 });
    after(() => g.stop(), { timeout: 2 * 60_000 });
    globalBackupRestoreSuite(g);
    globalCrashSuite(g);
    globalOptionsSuite(g);
    globalRestoreGuardsSuite(g);
    globalDrillSuite(g);
    goClientSuite(g);
  });
}
