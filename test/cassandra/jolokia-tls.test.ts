import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { UnavailableError, ValidationError } from '../../src/common/errors.js';
import { JolokiaClient } from '../../src/cassandra/jolokia.client.js';

const openssl = (dir: string, args: string[]) => promisify(execFile)('openssl', args, { cwd: dir });

/** A private CA and a server certificate for 127.0.0.1 signed by it, made with the openssl CLI. */
async function makeCertificates(dir: string): Promise<void> {
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca',
    '-keyout', 'ca.key', '-out', 'ca.pem']);
  await openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr']);
  // Node checks IP addresses against the certificate's subjectAltName, never its CN.
  await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '1', '-extfile', 'san.ext', '-out', 'server.pem']);
}

describe('JolokiaClient over HTTPS with a custom CA', () => {
  let dir: string;
  let server: https.Server;
  let url: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jolokia-tls-'));
    await makeCertificates(dir);
    server = https.createServer(
      { key: await readFile(join(dir, 'server.key')), cert: await readFile(join(dir, 'server.pem')) },
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"status":200,"value":"5.0.9"}]'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/jolokia/`;
  });
  after(() => server?.close());

  it('trusts the agent when given the CA that signed it', async () => {
    const client = new JolokiaClient({ url, caFile: join(dir, 'ca.pem'), timeoutMs: 5000 });
    assert.equal(await client.read('org.apache.cassandra.db:type=StorageService', 'ReleaseVersion'), '5.0.9');
  });

  it('refuses the agent without that CA, as a non-retryable TLS failure', async () => {
    const error = await new JolokiaClient({ url, timeoutMs: 5000 }).read('a:type=B', 'X').catch((e: unknown) => e);
    assert.ok(error instanceof UnavailableError, String(error));
    assert.match(error.message, new RegExp(`^TLS connection to Jolokia at ${url} failed`));
    assert.equal(error.retryable, false);
  });

  it('says which CA file cannot be read', async () => {
    const client = new JolokiaClient({ url, caFile: join(dir, 'missing.pem'), timeoutMs: 5000 });
    await assert.rejects(client.read('a:type=B', 'X'), (e: unknown) => e instanceof ValidationError && /jolokia-ca: cannot read .*ENOENT/.test(e.message));
  });
});
