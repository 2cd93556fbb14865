import { randomBytes } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type cassandra from 'cassandra-driver';
import { type BenchNode, leftoverSnapshots } from './backup-bench-bed.js';
import { oursBackup } from './backup-bench-runs.js';
import { countRows, emulatorBucketDir, filesUnder, listObjects, type RestoreTarget } from './restore-bench-runs.js';

export const KEYSPACE = 'bench_restore';
export const TABLE = 'blobs';
const NODE_PATH = 'bench/dc1/node1';
const TAGS = { s3: 'rbs3', file: 'rbfile' } as const;

/** Everything a round needs: the node, its CQL session and row count, the two backups and where their objects lie. */
export interface Bench {
  node: BenchNode;
  cql: cassandra.Client;
  rows: number;
  scratch: string;
  s3Env: Record<string, string>;
  s3: { bucket: string; location: string; keysFile: string; files: string[]; bytes: number };
  file: { location: string; files: string[]; bytes: number };
}

/** Every restore must leave no snapshot behind (TRUNCATE's truncated-* ones are CLEANUP's to delete); any left is reported and cleared. */
export async function checkSnapshotsCleared(node: BenchNode, after: string): Promise<void> {
  const left = await leftoverSnapshots(node, KEYSPACE);
  if (left.length > 0) {
    console.log(`WARNING: snapshot(s) ${left.join(', ')} left on the node after ${after}; cleared now`);
    for (const tag of left) await node.snapshots.clear(tag, [KEYSPACE]);
  }
}

/** A restore of the S3 or the file:// backup, downloading into `<dir>/download`. */
export function restoreTarget(b: Bench, dir: string, which: 's3' | 'file'): RestoreTarget {
  const from = b[which];
  return { node: b.node, keyspace: KEYSPACE, table: TABLE, location: from.location, tag: TAGS[which], downloadDir: join(dir, 'download'), sourceFiles: from.files };
}

/**
 * Backs the table up (not timed) with `icarus esop backup` to a new bucket of the S3 emulator and
 * to file:// under `scratch`, and finds the stored objects: their keys (for the raw download) and
 * the files that hold them (the emulator's posix backend, the file:// tree) to warm before DOWNLOAD.
 */
export async function prepareBackups(node: BenchNode, cql: cassandra.Client, scratch: string, s3Env: Record<string, string>): Promise<Bench> {
  const table = { jolokiaUrl: node.jolokiaUrl, keyspace: KEYSPACE };
  const bucket = `rbench-${randomBytes(4).toString('hex')}`;
  const s3Location = `s3://${bucket}/${NODE_PATH}`;
  await oursBackup(table, s3Location, TAGS.s3, join(scratch, 'state-s3'), s3Env);
  await checkSnapshotsCleared(node, 'our S3 backup');
  const fileRoot = join(scratch, 'file-backups');
  const fileLocation = `file://${fileRoot}/bucket/${NODE_PATH}`;
  await oursBackup(table, fileLocation, TAGS.file, join(scratch, 'state-file'));
  await checkSnapshotsCleared(node, 'our file backup');
  const objects = await listObjects(s3Env, bucket, `${NODE_PATH}/data/`);
  const keysFile = join(scratch, 'keys.json');
  await writeFile(keysFile, JSON.stringify(objects.keys));
  const bucketDir = await emulatorBucketDir(bucket);
  const fileFiles = await filesUnder(join(fileRoot, 'bucket', NODE_PATH, 'data'));
  let fileBytes = 0;
  for (const f of fileFiles) fileBytes += (await stat(f)).size;
  return {
    node,
    cql,
    scratch,
    s3Env,
    rows: await countRows(cql, KEYSPACE, TABLE),
    s3: { bucket, location: s3Location, keysFile, files: objects.keys.map((k) => join(bucketDir, k)), bytes: objects.bytes },
    file: { location: fileLocation, files: fileFiles, bytes: fileBytes },
  };
}
