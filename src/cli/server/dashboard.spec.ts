import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NextFunction, Request, Response } from 'express';
import { refuseBadQueries } from './dashboard.js';

/** Runs the guard on a URL; returns the status it answered, or 'next' when it let the request through. */
function guard(url: string): number | 'next' {
  let status: number | 'next' = 'next';
  const res = { status: (code: number) => ({ json: () => (status = code) }) } as unknown as Response;
  refuseBadQueries({ originalUrl: url, url } as Request, res, (() => undefined) as NextFunction);
  return status;
}

describe('dashboard query guard', () => {
  it('refuses an encoded NUL anywhere in the URL (Bull Board answered ?status=%00x with a 500)', () => {
    assert.equal(guard('/dashboard/api/queues?status=%00x'), 400);
    assert.equal(guard('/dashboard/api/queues/operations/%00/logs'), 400);
    assert.equal(guard('/dashboard/api/queues?activeQueue=operations&status=latest%00'), 400);
  });

  it('refuses values Bull Board decodes twice that are not valid percent-encoding (it answered 500 "URI malformed")', () => {
    assert.equal(guard('/dashboard/api/queues?activeQueue=a%25zz'), 400);
    assert.equal(guard('/dashboard/api/queues?activeQueue=aacb.b%2F.%25%2Fc%25c'), 400);
    assert.equal(guard('/dashboard/api/queues?x=%E0%A4%A'), 400);
  });

  it('lets ordinary dashboard URLs through', () => {
    assert.equal(guard('/dashboard/api/queues?activeQueue=operations&status=latest&page=1&jobsPerPage=10'), 'next');
    assert.equal(guard('/dashboard/static/main.js'), 'next');
    assert.equal(guard('/dashboard/api/queues?query=%2000'), 'next');
    assert.equal(guard('/dashboard/api/queues?activeQueue=my%2520queue'), 'next');
  });
});
