import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../common/errors.js';
import { checkDownloadDir, checkRename } from './restore-checks.js';

const tables = (...names: string[]) => ({ keyspaces: [], tables: names.map((n) => ({ keyspace: n.split('.')[0], table: n.split('.')[1] })) });
const refused = (fn: () => void, message: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ValidationError && message.test(e.message));

describe('restore checks', () => {
  it('applies Esop\'s rename matrix', () => {
    checkRename({ 'ks.a': 'ks.b' }, tables('ks.a'));
    checkRename({}, { keyspaces: [], tables: [] });
    refused(() => checkRename({ 'ks.a': 'ks.a' }, tables('ks.a')), /to itself/);
    refused(() => checkRename({ 'ks.a': 'ks.c', 'ks.b': 'ks.c' }, tables('ks.a', 'ks.b')), /distinct/);
    refused(() => checkRename({ 'ks.a': 'ks.b', 'ks.b': 'ks.c' }, tables('ks.a', 'ks.b')), /one of its key/);
    refused(() => checkRename({ 'ks.a': 'ks.b' }, { keyspaces: [], tables: [] }), /entities are empty/);
    refused(() => checkRename({ 'ks.a': 'ks.b' }, { keyspaces: ['ks'], tables: [] }), /keyspace entities/);
    refused(() => checkRename({ 'ks.a': 'ks.b' }, tables('ks.x')), /'from' part ks.a/);
    refused(() => checkRename({ 'ks.a': 'ks.b' }, tables('ks.a', 'ks.b')), /'to' part ks.b/);
  });

  it('keeps the download directory out of the data and Cassandra directories', () => {
    checkDownloadDir('/var/lib/restore', ['/var/lib/cassandra/data'], '/var/lib/cassandra');
    checkDownloadDir('file:///var/lib/restore', ['/var/lib/cassandra/data'], undefined);
    refused(() => checkDownloadDir('/var/lib/cassandra/data/dl', ['/var/lib/cassandra/data'], undefined), /inside, the data directory/);
    refused(() => checkDownloadDir('/var/lib/cassandra/data', ['/var/lib/cassandra/data'], undefined), /inside, the data directory/);
    refused(() => checkDownloadDir('/var/lib/cassandra', ['/data'], '/var/lib/cassandra'), /Cassandra directory/);
    refused(() => checkDownloadDir('/var/lib', ['/var/lib/cassandra/data'], undefined), /contain the data directory/);
    refused(() => checkDownloadDir('/', ['/data'], undefined), /root/);
  });
});
