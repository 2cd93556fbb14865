import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancelledError, UnavailableError, UpstreamError } from '../../src/common/errors.js';
import { JolokiaClient } from '../../src/cassandra/jolokia.client.js';
import { readJolokiaCredentialsFile } from '../../src/cassandra/jolokia.config.js';
import { JolokiaRequestError } from '../../src/cassandra/jolokia.errors.js';

/** A stand-in agent: records each request and answers with whatever the test sets. */
class FakeAgent {
  readonly server = http.createServer((req, res) => this.handle(req, res));
  requests: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
  reply: (body: unknown) => { status: number; body: string } | 'hang' = () => ({ status: 200, body: '[]' });

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jolokia/`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as unknown;
      this.requests.push({ headers: req.headers, body });
      const answer = this.reply(body);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  }
}

describe('JolokiaClient against a stand-in agent', () => {
  const agent = new FakeAgent();
  let url: string;
  before(async () => (url = await agent.start()));
  after(() => {
    agent.server.closeAllConnections();
    agent.server.close();
  });

  it('posts bulk requests and returns each item value or its own error', async () => {
    agent.reply = () => ({
      status: 200,
      body: JSON.stringify([
        { status: 200, value: 'NORMAL' },
        { status: 500, error: 'Keyspace nope does not exist', error_type: 'java.lang.IllegalArgumentException' },
      ]),
    });
    const client = new JolokiaClient({ url, timeoutMs: 2000 });
    const results = await client.bulk([
      { type: 'read', mbean: 'a:type=B', attribute: 'OperationMode' },
      { type: 'exec', mbean: 'a:type=B', operation: 'forceKeyspaceFlush', arguments: ['nope', []] },
    ]);
    assert.deepEqual(results[0], { ok: true, value: 'NORMAL' });
    assert.equal(results[1].ok, false);
    const error = !results[1].ok ? results[1].error : undefined;
    assert.ok(error instanceof JolokiaRequestError && error instanceof UpstreamError);
    assert.match(error.message, /java\.lang\.IllegalArgumentException: Keyspace nope does not exist/);
    assert.equal(error.javaMessage, 'Keyspace nope does not exist');
    assert.equal(agent.requests.at(-1)?.headers['content-type'], 'application/json');
    assert.equal((agent.requests.at(-1)?.body as unknown[]).length, 2);
  });

  it('sends basic auth, takes credentials out of the URL and never shows the password', async () => {
    agent.reply = () => ({ status: 401, body: 'no' });
    const withUserInfo = url.replace('http://', 'http://admin:pa%24%24word@');
    const client = new JolokiaClient({ url: withUserInfo, timeoutMs: 2000 });
    assert.equal(client.url, url);
    const error = await client.read('a:type=B', 'X').catch((e: unknown) => e);
    assert.ok(error instanceof UpstreamError);
    assert.match(error.message, /rejected the credentials \(HTTP 401\)/);
    assert.equal(agent.requests.at(-1)?.headers.authorization, `Basic ${Buffer.from('admin:pa$$word').toString('base64')}`);
    assert.doesNotMatch(`${error.message} ${JSON.stringify(client)} ${String(error.cause)}`, /pa\$\$word|pa%24%24word/);

    const configured = new JolokiaClient({ url, user: 'u', password: 'p', timeoutMs: 2000 });
    await configured.read('a:type=B', 'X').catch(() => undefined);
    assert.equal(agent.requests.at(-1)?.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('gives up after the timeout, and does not call a timed-out exec retryable', async () => {
    agent.reply = () => 'hang';
    const client = new JolokiaClient({ url, timeoutMs: 300 });
    const read = await client.read('a:type=B', 'X').catch((e: unknown) => e);
    assert.ok(read instanceof UnavailableError);
    assert.match(read.message, new RegExp(`Jolokia at ${url} did not answer within 300 ms`));
    assert.equal(read.retryable, true);
    const exec = await client.exec('a:type=B', 'drain()', [], { timeoutMs: 200 }).catch((e: unknown) => e);
    assert.ok(exec instanceof UnavailableError);
    assert.match(exec.message, /within 200 ms/);
    assert.equal(exec.retryable, false);
  });

  it('stops waiting when the caller cancels', async () => {
    agent.reply = () => 'hang';
    const client = new JolokiaClient({ url, timeoutMs: 0 });
    const controller = new AbortController();
    const pending = client.exec('a:type=B', 'drain()', [], { signal: controller.signal });
    await waitForRequests(agent, 1);
    controller.abort();
    await assert.rejects(pending, CancelledError);
  });

  it('reports HTTP errors and bodies that are not Jolokia answers', async () => {
    const client = new JolokiaClient({ url, timeoutMs: 2000 });
    agent.reply = () => ({ status: 500, body: 'boom' });
    await assert.rejects(client.read('a:type=B', 'X'), /answered HTTP 500: boom/);
    agent.reply = () => ({ status: 200, body: '<html>' });
    await assert.rejects(client.read('a:type=B', 'X'), /not JSON: <html>/);
    agent.reply = () => ({ status: 200, body: '{"status":400,"error":"bad request"}' });
    await assert.rejects(client.read('a:type=B', 'X'), /answered 1 requests with an error: bad request/);
  });
});

describe('JolokiaClient without an agent', () => {
  it('names the URL when nothing listens there', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r)); // the port is now known to be closed
    const url = `http://127.0.0.1:${port}/jolokia/`;
    const error = await new JolokiaClient({ url, timeoutMs: 2000 }).read('a:type=B', 'X').catch((e: unknown) => e);
    assert.ok(error instanceof UnavailableError, String(error));
    assert.match(error.message, new RegExp(`^Jolokia at ${url} is unreachable: .*ECONNREFUSED`));
    assert.equal(error.retryable, true);
    assert.equal(error.httpStatus, 503);
  });

  it('refuses URLs that are not http(s)', () => {
    assert.throws(() => new JolokiaClient({ url: 'ftp://x/', timeoutMs: 1 }), /jolokia-url: must be http or https/);
    assert.throws(() => new JolokiaClient({ url: 'nope', timeoutMs: 1 }), /jolokia-url: not a URL/);
  });

  it('reads a credentials file in Java properties format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jolokia-cred-'));
    await writeFile(join(dir, 'creds'), '# Icarus --jmx-credentials format\nusername = cassandra\npassword=se\\=cret\n');
    assert.deepEqual(await readJolokiaCredentialsFile(join(dir, 'creds')), { user: 'cassandra', password: 'se=cret' });
    await assert.rejects(readJolokiaCredentialsFile(join(dir, 'missing')), /jolokia-credentials: cannot read .*ENOENT/);
  });
});

async function waitForRequests(agent: FakeAgent, count: number): Promise<void> {
  const start = agent.requests.length;
  while (agent.requests.length < start + count) await new Promise((r) => setImmediate(r));
}
