import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Authenticator } from './authenticator.js';
import { BearerTokens } from './bearer-tokens.js';

const TOKEN = 'a'.repeat(20);
const OTHER = 'b'.repeat(32);

describe('Authenticator', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'auth-spec-')), 'tokens');
  writeFileSync(file, `# comment\n\n  ${TOKEN}  \nbad token line\n${OTHER}\n`);
  const tokens = new BearerTokens(file, 60_000);
  after(() => tokens.close());
  const get = (extra: object = {}) => ({ method: 'GET', path: '/operations', ...extra });

  it('reads tokens: trimmed, comments and malformed lines skipped; the first one is presented to peers', () => {
    assert.ok(tokens.verify(TOKEN));
    assert.ok(tokens.verify(OTHER));
    assert.equal(tokens.verify('bad'), false);
    assert.equal(tokens.verify(TOKEN.slice(1)), false);
    assert.equal(tokens.verify(''), false);
    assert.equal(tokens.peerToken, TOKEN);
  });

  it('passes everything when nothing is configured', () => {
    assert.deepEqual(new Authenticator(undefined, false, false).check(get()), { ok: true });
  });

  it('wants a valid bearer token (scheme case-insensitive)', () => {
    const auth = new Authenticator(tokens, false, false);
    assert.deepEqual(auth.check(get({ authorization: `Bearer ${TOKEN}` })), { ok: true });
    assert.deepEqual(auth.check(get({ authorization: `bearer ${OTHER}` })), { ok: true });
    assert.deepEqual(auth.check(get({ authorization: `Bearer ${TOKEN}x` })), { ok: false, message: 'the bearer token is not valid', invalidToken: true });
    assert.match((auth.check(get()) as { message: string }).message, /^authentication required: present a bearer token/);
    assert.equal(auth.check(get({ certificate: { authorized: true } })).ok, false, 'a certificate does not count without a client CA');
  });

  it('takes a verified client certificate, and says why an unverified one is refused', () => {
    const auth = new Authenticator(undefined, true, false);
    assert.deepEqual(auth.check(get({ certificate: { authorized: true } })), { ok: true });
    assert.deepEqual(auth.check(get({ certificate: { authorized: false, error: 'CERT_HAS_EXPIRED' } })), { ok: false, message: 'the client certificate was refused (CERT_HAS_EXPIRED)' });
    assert.deepEqual(auth.check(get()), { ok: false, message: 'authentication required: present a client certificate' });
  });

  it('exempts the two probes for GET and HEAD only when asked', () => {
    const strict = new Authenticator(tokens, false, false);
    const probes = new Authenticator(tokens, false, true);
    assert.equal(strict.check(get({ path: '/health/ready' })).ok, false);
    assert.equal(probes.check(get({ path: '/health/ready' })).ok, true);
    assert.equal(probes.check({ method: 'HEAD', path: '/health/live' }).ok, true);
    assert.equal(probes.check({ method: 'POST', path: '/health/live' }).ok, false);
    assert.equal(probes.check(get({ path: '/health/live/' })).ok, false);
    assert.equal(probes.check(get({ path: '/health' })).ok, false);
  });
});
