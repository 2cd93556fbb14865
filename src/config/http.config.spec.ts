import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemList } from './option.js';
import { parseOrigin, parseSize, readHttpConfig } from './http.config.js';
import { parseTokenFile } from './token-file.js';

describe('HTTP and security options', () => {
  it('reads origins from repeated flags or a comma-separated env, exactly as browsers send them', () => {
    const problems = new ProblemList();
    assert.deepEqual(readHttpConfig({ corsOrigin: ['https://a.example', 'http://b.example:8080/'] }, {}, problems).corsOrigins, ['https://a.example', 'http://b.example:8080']);
    assert.deepEqual(readHttpConfig({}, { ICARUS_CORS_ORIGINS: 'https://a.example, https://c.example' }, problems).corsOrigins, ['https://a.example', 'https://c.example']);
    assert.deepEqual(problems.problems, []);
    assert.deepEqual(readHttpConfig({}, {}, problems), { corsOrigins: [], maxBodyBytes: 1024 * 1024 });
  });

  it('refuses wildcard, paths and non-http origins, and --disable-cors together with origins', () => {
    for (const bad of ['*', 'null', 'https://a.example/app', 'ftp://a.example', 'a.example']) assert.throws(() => parseOrigin(bad), bad);
    const problems = new ProblemList();
    readHttpConfig({ corsOrigin: ['https://a.example'], disableCors: true }, {}, problems);
    assert.match(problems.problems.join(), /--disable-cors .*contradicts --cors-origin/);
  });

  it('parses sizes', () => {
    assert.equal(parseSize('1MiB'), 1048576);
    assert.equal(parseSize('512 KiB'), 524288);
    assert.equal(parseSize('2MB'), 2_000_000);
    assert.equal(parseSize('65536'), 65536);
    for (const bad of ['huge', '1 TiB', '-5', '10']) assert.throws(() => parseSize(bad), bad);
  });

  it('parses token files without quoting a token in its problems', () => {
    const { entries, problems } = parseTokenFile('# c\n\nabcdefghijklmnopqrstuvwxyz012345\nshort\nhas=space in it but long enough\nbase64url-AAAAAAAAAAA==\r\n');
    assert.deepEqual(entries.map((e) => e.token), ['abcdefghijklmnopqrstuvwxyz012345', 'base64url-AAAAAAAAAAA==']);
    assert.deepEqual(problems, ['line 4: a token must be at least 16 characters', "line 5: a token may hold only letters, digits and -._~+/ (then '=' padding)"]);
  });

  it('reads a role and a name after the token; a token alone is admin, as before roles existed', () => {
    const { entries, problems } = parseTokenFile('AAAAAAAAAAAAAAAAAAAA\nBBBBBBBBBBBBBBBBBBBB   read\nCCCCCCCCCCCCCCCCCCCC\toperate backup-bot\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(entries, [
      { token: 'AAAAAAAAAAAAAAAAAAAA', role: 'admin' },
      { token: 'BBBBBBBBBBBBBBBBBBBB', role: 'read' },
      { token: 'CCCCCCCCCCCCCCCCCCCC', role: 'operate', name: 'backup-bot' },
    ]);
  });

  it('refuses a bad role, name or extra word, and a repeated token, never quoting a word that could be a secret', () => {
    const secret = 'SECRETSECRETSECRETSECRET';
    const { entries, problems } = parseTokenFile(
      `AAAAAAAAAAAAAAAAAAAA ${secret}\nBBBBBBBBBBBBBBBBBBBB operate bad/name\nCCCCCCCCCCCCCCCCCCCC read x ${secret}\nDDDDDDDDDDDDDDDDDDDD\nDDDDDDDDDDDDDDDDDDDD read\n`,
    );
    assert.equal(entries.length, 1);
    assert.deepEqual(problems, [
      'line 1: the word after the token must be a role: read, operate, admin',
      "line 2: a token's name may hold only letters, digits and ._@- (at most 64)",
      'line 3: expected TOKEN [ROLE [NAME]], found more words',
      'line 5: the same token as line 4',
    ]);
    assert.ok(!problems.join().includes(secret));
  });
});
