import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scratchKeyspaceOf, scratchStatements } from './drill-scratch.js';

const SCHEMA = `CREATE TYPE IF NOT EXISTS shop.addr (
    street text
);
CREATE TABLE IF NOT EXISTS shop.orders (
    id int PRIMARY KEY,
    a frozen<addr>,
    gone text,
    v text
) WITH ID = 7525c3e0-f082-11f1-8839-75377ae652bc
    AND allow_auto_snapshot = true
    AND comment = 'shop.orders; with a semicolon';
ALTER TABLE shop.orders DROP gone USING TIMESTAMP 1700000000000000;
CREATE INDEX IF NOT EXISTS orders_v ON shop.orders (v);
CREATE CUSTOM INDEX IF NOT EXISTS orders_sai ON shop.orders (v) USING 'StorageAttachedIndex';
`;

describe('scratch schema of a drill', () => {
  it('re-creates types, the table and its dropped columns under the scratch keyspace, without the table id or indexes', () => {
    const out = scratchStatements(SCHEMA, 'shop', 'drill_shop');
    assert.equal(out.length, 3);
    assert.match(out[0], /^CREATE TYPE IF NOT EXISTS "drill_shop"\.addr \(/);
    assert.match(out[1], /^CREATE TABLE IF NOT EXISTS "drill_shop"\.orders \(/);
    assert.match(out[1], /\) WITH allow_auto_snapshot = true\n {4}AND comment = 'shop\.orders; with a semicolon'$/);
    assert.doesNotMatch(out[1], /\bID =/);
    assert.equal(out[2], 'ALTER TABLE "drill_shop".orders DROP gone USING TIMESTAMP 1700000000000000');
  });

  it('takes quoted keyspace names and a WITH that holds only the id', () => {
    const out = scratchStatements('CREATE TABLE "shop".t (id int PRIMARY KEY) WITH ID = 7525c3e0-f082-11f1-8839-75377ae652bc;', 'shop', 'drill_shop');
    assert.deepEqual(out, ['CREATE TABLE "drill_shop".t (id int PRIMARY KEY)']);
  });

  it('refuses a statement about another keyspace rather than run it', () => {
    assert.throws(() => scratchStatements('CREATE TABLE other.t (id int PRIMARY KEY);', 'shop', 'drill_shop'), /unexpected statement/);
  });

  it('keeps scratch keyspace names within Cassandra\'s 48 characters', () => {
    assert.equal(scratchKeyspaceOf('ks'), 'drill_ks');
    assert.equal(scratchKeyspaceOf('k'.repeat(48)).length, 48);
  });
});
