import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BearerTokens } from '../security/bearer-tokens.js';
import { PeerCredentials } from '../security/peer-credentials.js';
import { PeerClient, PeerRefusedError } from './peer-client.js';

const TOKEN = 'p'.repeat(24);

describe('PeerClient and plain http (issue 17, finding 9)', () => {
  const seen: Array<string | undefined> = [];
  let url: string;
  let server: http.Server;
  let tokens: BearerTokens;
  before(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'peer-spec-')), 'tokens');
    writeFileSync(file, `${TOKEN}\n`);
    tokens = new BearerTokens(file, 60_000);
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"x"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    tokens.close();
  });

  it('never sends the token over http unless allowed: the call is refused before any byte leaves', async () => {
    const credentials = new PeerCredentials(tokens);
    const client = new PeerClient(credentials);
    await assert.rejects(client.submit(url, { type: 'flush' }), (err: unknown) => err instanceof PeerRefusedError && /over plain http/.test(err.message));
    assert.match((await client.probe(url)) ?? '', /over plain http/);
    assert.deepEqual(seen, []);
    assert.equal(credentials.refusalFor('https://10.0.0.1:4567'), undefined, 'https is fine');
    credentials.close();
  });

  it('sends it when --allow-insecure-peers says so, and calls without a token are never refused', async () => {
    const allowed = new PeerCredentials(tokens, undefined, true);
    assert.equal(await new PeerClient(allowed).probe(url), undefined);
    const tokenless = new PeerCredentials();
    assert.equal(await new PeerClient(tokenless).probe(url), undefined);
    assert.deepEqual(seen, [`Bearer ${TOKEN}`, undefined]);
    allowed.close();
    tokenless.close();
  });
});
