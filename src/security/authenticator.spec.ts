import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Authenticator } from './authenticator.js';
import { BearerTokens } from './bearer-tokens.js';
import { CertificateRoles, describeSubject } from './certificate-roles.js';

const TOKEN = 'a'.repeat(20);
const OTHER = 'b'.repeat(32);
const READER = 'c'.repeat(24);

describe('Authenticator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auth-spec-'));
  const file = join(dir, 'tokens');
  writeFileSync(file, `# comment\n\n  ${TOKEN}  \nbad token line\n${OTHER} operate backup-bot\n${READER} read\n`);
  const tokens = new BearerTokens(file, 60_000);
  const mapping = join(dir, 'roles');
  writeFileSync(mapping, '# subjects\nCN=ops-bot,O=ops operate\nCN=a\\,b read\nO=admins admin\n');
  const certificates = new CertificateRoles(mapping, 60_000);
  const allCertificates = new CertificateRoles();
  after(() => {
    tokens.close();
    certificates.close();
  });
  const get = (extra: object = {}) => ({ method: 'GET', path: '/operations', ...extra });
  const cert = (subject: Record<string, string | string[]>) => ({ certificate: { authorized: true, subject } });

  it('reads tokens with their roles: a token alone is admin; malformed lines skipped; the first one is presented to peers', () => {
    assert.equal(tokens.verify(TOKEN)?.role, 'admin');
    assert.deepEqual(tokens.verify(OTHER), { role: 'operate', identity: 'backup-bot' });
    assert.equal(tokens.verify(READER)?.role, 'read');
    assert.match(tokens.verify(READER)!.identity, /^sha256:[0-9a-f]{12}$/, 'an unnamed token is known by a fingerprint');
    assert.ok(!tokens.verify(READER)!.identity.includes(READER));
    assert.equal(tokens.verify('bad'), undefined);
    assert.equal(tokens.verify(TOKEN.slice(1)), undefined);
    assert.equal(tokens.verify(''), undefined);
    assert.equal(tokens.peerToken, TOKEN);
    assert.equal(tokens.peerRole, 'admin');
  });

  it('lets everyone in as admin when nothing is configured', () => {
    assert.deepEqual(new Authenticator(undefined, undefined, false).check(get()), { ok: true, principal: { identity: 'anonymous', via: 'none', role: 'admin' } });
  });

  it('wants a valid bearer token (scheme case-insensitive) and gives its role', () => {
    const auth = new Authenticator(tokens, undefined, false);
    assert.deepEqual(auth.check(get({ authorization: `Bearer ${OTHER}` })), { ok: true, principal: { identity: 'backup-bot', via: 'token', role: 'operate' } });
    assert.equal((auth.check(get({ authorization: `bearer ${TOKEN}` })) as { principal: { role: string } }).principal.role, 'admin');
    assert.deepEqual(auth.check(get({ authorization: `Bearer ${TOKEN}x` })), { ok: false, message: 'the bearer token is not valid', invalidToken: true });
    assert.match((auth.check(get()) as { message: string }).message, /^authentication required: present a bearer token/);
    assert.equal(auth.check(get(cert({ CN: 'ops-bot' }))).ok, false, 'a certificate does not count without a client CA');
  });

  it('takes a verified client certificate with the role its subject maps to, and says why an unverified one is refused', () => {
    const auth = new Authenticator(undefined, certificates, false);
    assert.deepEqual(auth.check(get(cert({ C: 'FR', O: 'ops', CN: 'ops-bot' }))), { ok: true, principal: { identity: 'CN=ops-bot,O=ops,C=FR', via: 'certificate', role: 'operate' } });
    assert.equal((auth.check(get(cert({ CN: 'a,b' }))) as { principal: { role: string } }).principal.role, 'read', 'an escaped comma in the mapping');
    assert.equal((auth.check(get(cert({ OU: ['x', 'y'], O: 'admins', CN: 'root' }))) as { principal: { role: string } }).principal.role, 'admin');
    assert.deepEqual(auth.check(get(cert({ CN: 'stranger' }))), { ok: true, principal: { identity: 'CN=stranger', via: 'certificate', role: undefined } }, 'authenticated, but no role');
    assert.deepEqual(auth.check(get({ certificate: { authorized: false, error: 'CERT_HAS_EXPIRED' } })), { ok: false, message: 'the client certificate was refused (CERT_HAS_EXPIRED)' });
    assert.deepEqual(auth.check(get()), { ok: false, message: 'authentication required: present a client certificate' });
    assert.equal((new Authenticator(undefined, allCertificates, false).check(get(cert({ CN: 'anyone' }))) as { principal: { role: string } }).principal.role, 'admin', 'no mapping file: every certificate is admin');
  });

  it('lets a token decide when the certificate has no role, never when it has one', () => {
    const auth = new Authenticator(tokens, certificates, false);
    const unmapped = cert({ CN: 'stranger' });
    assert.deepEqual(auth.check(get({ ...unmapped, authorization: `Bearer ${READER}` })), { ok: true, principal: { identity: tokens.verify(READER)!.identity, via: 'token', role: 'read' } });
    assert.equal((auth.check(get({ ...cert({ CN: 'ops-bot', O: 'ops' }), authorization: `Bearer ${TOKEN}` })) as { principal: { role: string } }).principal.role, 'operate');
  });

  it('exempts the two probes for GET and HEAD only when asked, as a reader', () => {
    const strict = new Authenticator(tokens, undefined, false);
    const probes = new Authenticator(tokens, undefined, true);
    assert.equal(strict.check(get({ path: '/health/ready' })).ok, false);
    assert.deepEqual(probes.check(get({ path: '/health/ready' })), { ok: true, principal: { identity: 'anonymous', via: 'none', role: 'read' } });
    assert.equal(probes.check({ method: 'HEAD', path: '/health/live' }).ok, true);
    assert.equal(probes.check({ method: 'POST', path: '/health/live' }).ok, false);
    assert.equal(probes.check(get({ path: '/health/live/' })).ok, false);
    assert.equal(probes.check(get({ path: '/health' })).ok, false);
  });

  it('describes subjects in RFC 4514 order with special characters escaped', () => {
    assert.equal(describeSubject({ C: 'FR', O: 'a,b', CN: 'x+y' }), 'CN=x\\+y,O=a\\,b,C=FR');
    assert.equal(describeSubject({ OU: ['one', 'two'], CN: 'n' }), 'CN=n,OU=two,OU=one');
  });
});
