import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import type { EsopCommandSpec } from './esop-command-spec.js';
import { ESOP_COMMANDS } from './esop-commands.js';
import { addEsopOptions } from './esop-options.js';
import { buildRequestBody, FlagError, flagForField } from './request-body.js';

const spec = (name: string): EsopCommandSpec => ESOP_COMMANDS.find((c) => c.name === name)!;

/** Parses a command line the way `icarus esop <name>` does and returns the reader and values. */
function parse(name: string, args: string[]) {
  const command = new Command(name).exitOverride();
  const reader = addEsopOptions(command, spec(name));
  command.parse(args, { from: 'user' });
  return { reader, values: command.opts() };
}

function body(name: string, args: string[]): Record<string, unknown> {
  const { reader, values } = parse(name, args);
  return buildRequestBody(spec(name), reader.given(values));
}

describe('esop flags to request body', () => {
  it('turns backup flags into the JSON a REST client sends, every Esop spelling accepted', () => {
    const args = ['--sl', 's3://b/c/d/n', '--data-dir', '/d1', '--data-dir=/d2', '--st', 'tag1', '--entities', 'ks1,ks2',
      '-d', '1h', '-b', '10MBPS', '--cc', '4', '--md', 'REPLACE', '--retry-interval', '5', '--retry-strategy', 'exponential',
      '--retry-max-attempts', '7', '--retry-enabled', '--proxy-host', 'proxy', '--proxy-port', '3128', '--proxy-password', 'pw',
      '--kmsKeyId', 'key', '--insecure-http', '--skip-bucket-verification', '--create-missing-bucket', '--skip-refreshing',
      '--uploadClusterTopology', '--globalRequest', '--datacenter', 'dc1', '--timeout', '2', '--hash-algorithm', 'CRC'];
    assert.deepEqual(body('backup', args), {
      type: 'backup', storageLocation: 's3://b/c/d/n', dataDirs: ['/d1', '/d2'], snapshotTag: 'tag1', entities: 'ks1,ks2',
      duration: '1h', bandwidth: '10MBPS', concurrentConnections: 4, metadataDirective: 'REPLACE',
      retry: { interval: 5, strategy: 'exponential', maxAttempts: 7, enabled: true },
      proxySettings: { proxyHost: 'proxy', proxyPort: 3128, proxyPassword: 'pw' }, kmsKeyId: 'key', insecure: true,
      skipBucketVerification: true, createMissingBucket: true, skipRefreshing: true, uploadClusterTopology: true,
      globalRequest: true, dc: 'dc1', timeout: 2, hashAlgorithm: 'CRC',
    });
    assert.equal(body('backup', ['--storage-location', 'file:///b/c/d/n', '-s', 'a']).snapshotTag, 'a');
    assert.equal(body('backup', ['--storage-location', 'file:///b/c/d/n', '--snapshot-tag', 'b']).snapshotTag, 'b');
  });

  it('leaves flags not given out of the body, so the request defaults apply (no forced --data-dir)', () => {
    assert.deepEqual(body('backup', ['--sl', 'file:///b/c/d/n']), { type: 'backup', storageLocation: 'file:///b/c/d/n' });
  });

  it('keeps a number that is not one as text, so the request parser names its field', () => {
    assert.equal(body('backup', ['--sl', 'x', '--cc', 'many']).concurrentConnections, 'many');
    assert.equal(flagForField(spec('backup'), 'concurrentConnections')?.names.join(', '), '--cc, --concurrent-connections');
    assert.equal(flagForField(spec('backup'), 'bandwidth.unit')?.names.at(-1), '--bandwidth');
    assert.equal(flagForField(spec('backup'), 'retry.interval')?.names[0], '--retry-interval');
    assert.equal(flagForField(spec('backup'), 'nothing'), undefined);
  });

  it("refuses a missing required flag with Esop's spelling", () => {
    assert.throws(() => body('backup', []), (err: Error) => err instanceof FlagError && /--sl, --storage-location/.test(err.message));
    assert.throws(() => body('restore', ['--sl', 'x']), /-s, --st, --snapshot-tag <tag>.*\n.*--restoration-strategy-type/);
  });

  it('maps list and remove-backup flags, and keeps --rate out of the request', () => {
    assert.deepEqual(body('list', ['--sl', 'x', '--json', '--human-units', '--to-file', '/tmp/l', '--simple-format',
      '--from-timestamp', '1700000000000', '--last-n', '3', '--skip-download', '--cache-dir', '/c', '--resolve-nodes']), {
      type: 'list', storageLocation: 'x', json: true, humanUnits: true, toFile: '/tmp/l', simpleFormat: true,
      fromTimestamp: 1700000000000, lastN: 3, skipDownload: true, cacheDir: '/c', resolveNodes: true,
    });
    assert.deepEqual(body('remove-backup', ['--sl', 'x', '--name', 'n1', '-d', '--older-than', '14d', '-o', '--dcs', 'a',
      '--dcs', 'b', '--global-request', '--cache-dir', '/c', '-r', '1d']), {
      type: 'remove-backup', storageLocation: 'x', backupName: 'n1', dry: true, olderThan: '14d', removeOldest: true,
      dcs: ['a', 'b'], globalRequest: true, cacheDir: '/c',
    });
    assert.equal(body('remove-backup', ['--sl', 'x', '--backup-name', 'n2']).backupName, 'n2');
    assert.equal(body('remove-backup', ['--sl', 'x', '-n', 'n3']).backupName, 'n3');
  });

  it("adds Esop's command-line import defaults when the restore strategy needs an import section", () => {
    const base = ['--sl', 'x', '--st', 't'];
    assert.equal(body('restore', [...base, '--restoration-strategy-type', 'IN_PLACE']).import, undefined);
    assert.deepEqual(body('restore', [...base, '--restoration-strategy-type', 'hardlinks', '--restoration-phase-type', 'download',
      '--rename', 'k.a=k.b', '--rename=k.c=k.d', '--import-no-verify=false', '--import-keep-level', '--dd', '/var/c']), {
      type: 'restore', storageLocation: 'x', snapshotTag: 't', restorationStrategyType: 'hardlinks', restorationPhase: 'download',
      rename: { 'k.a': 'k.b', 'k.c': 'k.d' }, cassandraDirectory: '/var/c',
      import: { type: 'import', sourceDir: '/tmp/cassandra-import-source', noVerify: false, noVerifyTokens: true,
        noInvalidateCaches: true, keepLevel: true },
    });
    const cassandraDir = (flag: string) => body('restore', [...base, '--restoration-strategy-type', 'IN_PLACE', flag, '/c']).cassandraDirectory;
    assert.deepEqual(['--dd', '--data-directory', '--cassandra-dir'].map(cassandraDir), ['/c', '/c', '/c']);
    assert.throws(() => body('restore', [...base, '--restoration-strategy-type', 'IMPORT', '--rename', 'nope']), FlagError);
  });

  it('turns commit-log restore flags into Esop fields, keyspace tables as a multimap', () => {
    assert.deepEqual(body('commitlog-restore', ['--sl', 'x', '--ts', '1', '--timestamp-end', '2', '--commitlog-download-dir', '/d',
      '--kt', 'ks.t1,ks.t2,ks2.t', '-p', '/s', '--cd', '/etc/c', '--commit-log-dir', '/cl']), {
      type: 'commitlog-restore', storageLocation: 'x', timestampStart: 1, timestampEnd: 2, commitlogDownloadDir: '/d',
      keyspaceTables: { ks: ['t1', 't2'], ks2: ['t'] }, sharedContainerPath: '/s', cassandraConfigDirectory: '/etc/c',
      cassandraCommitLogDirectory: '/cl',
    });
    assert.throws(() => body('commitlog-restore', ['--sl', 'x', '--ts', '1', '--te', '2', '--commitlog-download-dir', '/d', '--kt', 'ks']),
      /--keyspace-tables: 'ks' is not keyspace.table/);
  });

  it('reads Jolokia options for the config and notices JMX flags without keeping their values', () => {
    const { reader, values } = parse('backup', ['--sl', 'x', '--jolokia-url', 'http://h:1/jolokia/', '--jmx-password', 'secret',
      '--jmx-client-auth']);
    assert.equal(reader.jolokia(values).jolokiaUrl, 'http://h:1/jolokia/');
    assert.deepEqual(reader.jmx(values), ['--jmx-password', '--jmx-client-auth']);
    assert.equal(parse('commitlog-restore', []).reader.jmx({}).length, 0);
  });
});
