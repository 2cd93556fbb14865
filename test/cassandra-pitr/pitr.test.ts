import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BackupBed } from '../cassandra/backup-bed.js';
import { BedContext } from '../cassandra/bed-context.js';
import type { NodeSidecars } from '../cassandra/sidecars.js';
import { commitlogRestoreSuite } from '../cassandra/suites/commitlog-restore.suite.js';
import { TestRedis } from '../support/redis-server.js';
import { startTestSidecar } from '../support/sidecar.js';

/*
 * The point-in-time restore suite on a 1-node bed of its own, next to the shared 3-node one: unless
 * TESTBED_DIR is set, the bed lives in .testbed/pitr with node 1 on 127.0.2.1 and JMX on 27100.
 */
if (!process.env.TESTBED_DIR) {
  process.env.TESTBED_DIR = fileURLToPath(new URL('../../../.testbed/pitr', import.meta.url));
  process.env.TESTBED_IP_PREFIX = '127.0.2';
  process.env.TESTBED_JMX_BASE = '27000';
}

describe('point-in-time restore on a 1-node test bed', { timeout: 15 * 60_000 }, () => {
  const ctx = new BedContext(1);
  // The suite needs one sidecar and file:// buckets: no emulators, no second sidecar.
  const sidecars = {} as NodeSidecars;
  const backups = new BackupBed(ctx, sidecars);
  before(async () => {
    await ctx.start();
    // The suite restarts the node; a driver client alive across that never lets the process exit.
    await ctx.cql.shutdown();
    sidecars.redis = await TestRedis.start();
    backups.fileRoot = await mkdtemp(join(tmpdir(), 'icarus-pitr-'));
    const node = ctx.bed.nodes[0];
    backups.sidecars.push(await startTestSidecar(sidecars.redis.url, { jolokiaUrl: node.jolokiaUrl, listen: `${node.ip}:0` }));
  }, { timeout: 10 * 60_000 });
  after(async () => {
    await backups.stop();
    await sidecars.redis?.dispose();
    await ctx.stop();
  }, { timeout: 2 * 60_000 });

  commitlogRestoreSuite(backups);
});
