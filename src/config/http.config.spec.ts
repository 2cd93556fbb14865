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
    const { tokens, problems } = parseTokenFile('# c\n\nabcdefghijklmnopqrstuvwxyz012345\nshort\nhas space in it but long enough\nbase64url-AAAAAAAAAAA==\r\n');
    assert.deepEqual(tokens, ['abcdefghijklmnopqrstuvwxyz012345', 'base64url-AAAAAAAAAAA==']);
    assert.deepEqual(problems, ['line 4: a token must be at least 16 characters', "line 5: a token may hold only letters, digits and -._~+/ (then '=' padding)"]);
  });
});
