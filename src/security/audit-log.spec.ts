import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AuditLog, outcomeOf } from './audit-log.js';

const entry = (n: number) => ({ time: new Date(0).toISOString(), outcome: 'accepted' as const, status: 201, method: 'POST', path: `/operations/${n}` });

describe('AuditLog', () => {
  it('appends one JSON line per entry, keeping what the file held; a file it creates is 0600', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-spec-')), 'audit.log');
    writeFileSync(file, '{"earlier":true}\n');
    const counted: string[] = [];
    const log = new AuditLog({ file, maxBytes: 1 << 20, keep: 2, stdout: false }, (o) => counted.push(o));
    log.record(entry(1));
    log.record({ ...entry(2), outcome: 'forbidden', status: 403 });
    log.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.path ?? 'earlier'), ['earlier', '/operations/1', '/operations/2']);
    assert.equal(lines[1].msg, 'audit');
    assert.deepEqual(counted, ['accepted', 'forbidden']);
    const created = join(mkdtempSync(join(tmpdir(), 'audit-spec-')), 'new.log');
    new AuditLog({ file: created, maxBytes: 1 << 20, keep: 2, stdout: false }).close();
    assert.equal(statSync(created).mode & 0o777, 0o600);
  });

  it('rotates before the file would pass its size, keeping the newest files only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-spec-')), 'audit.log');
    const log = new AuditLog({ file, maxBytes: 1024, keep: 2, stdout: false });
    for (let n = 0; n < 60; n++) log.record(entry(n));
    log.close();
    for (const f of [file, `${file}.1`, `${file}.2`]) assert.ok(statSync(f).size <= 1024, `${f} within its size`);
    assert.equal(existsSync(`${file}.3`), false, 'only --audit-log-files rotated files are kept');
    const newest = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).path);
    const older = readFileSync(`${file}.1`, 'utf8').trim().split('\n').map((l) => JSON.parse(l).path);
    assert.equal(newest.at(-1), '/operations/59');
    assert.equal(Number(older.at(-1).split('/')[2]) + 1, Number(newest[0].split('/')[2]), 'no line lost between files');
  });

  it('writes to stdout when asked, and keeps serving when the file cannot be written', () => {
    const printed: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'audit-spec-'));
    const log = new AuditLog({ file: join(dir, 'audit.log'), maxBytes: 1024, keep: 1, stdout: true }, undefined, (l) => printed.push(l));
    rmSync(dir, { recursive: true });
    // Rotation (a rename in the removed directory) and every reopening fail from now on.
    for (let n = 0; n < 30; n++) assert.doesNotThrow(() => log.record(entry(n)));
    log.close();
    assert.equal(printed.length, 30);
    assert.equal(JSON.parse(printed[29]).path, '/operations/29');
  });

  it('derives outcomes from statuses', () => {
    assert.deepEqual([201, 202, 400, 401, 403, 404, 409, 413, 415, 429, 500, 503, undefined].map(outcomeOf),
      ['accepted', 'accepted', 'invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid', 'invalid', 'rate_limited', 'failed', 'unavailable', 'aborted']);
  });
});
