import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { FakeJolokia } from '../support/fake-jolokia.js';
import { TestRedis } from '../support/redis-server.js';
import { http, startTestSidecar, waitFor, waitForState } from '../support/sidecar.js';

/**
 * Jolokia lost in the middle of an operation (issue 11, fault tolerance), against a fake agent whose
 * MBean operations can hang: the operation fails at once with the Jolokia URL in its error when the
 * agent goes away (during a JMX call or between two), fails after the call timeout when the agent
 * stops answering, and a call that may rightly take hours can still be cancelled. Never a hang.
 * (test/cassandra/suites/rest-jolokia-outage.suite.ts covers Jolokia down before an operation starts, on a real node.)
 */
describe('Jolokia unreachable mid-operation', () => {
  let redis: TestRedis;
  let jolokia: FakeJolokia;
  let server: RunningServer;

  before(async () => {
    redis = await TestRedis.start();
  });
  afterEach(async () => {
    await server?.close();
    await jolokia?.close();
  });
  after(async () => redis?.dispose());

  /** A fake node with keyspace ks1, and a sidecar on it whose quick calls time out after 1 s. */
  async function start(): Promise<string> {
    jolokia = await FakeJolokia.start(FakeJolokia.nodes(1));
    jolokia.schema = { ...jolokia.schema, ks1: ['t1'] };
    server = await startTestSidecar(redis.url, { jolokiaUrl: jolokia.url, jolokiaTimeout: '1000' });
    return server.url;
  }
  const hang = () => new Promise<never>(() => undefined);
  const execReceived = (operation: string) =>
    waitFor(`Jolokia to receive ${operation}`, async () => (jolokia.received.some((r) => r.type === 'exec' && r.operation?.startsWith(operation)) ? true : undefined));

  it('the agent dies during a long JMX call (flush): FAILED within seconds, naming the Jolokia URL', async (t) => {
    const base = await start();
    jolokia.respond = (r) => (r.type === 'exec' ? hang() : undefined);
    const id = (await http(base, 'POST', '/operations', { type: 'flush', keyspace: 'ks1' })).json.id as string;
    await execReceived('forceKeyspaceFlush');
    const url = jolokia.url;
    const lost = Date.now();
    await jolokia.close();
    const failed = await waitForState(base, id, ['FAILED', 'COMPLETED', 'CANCELLED'], 10_000);
    t.diagnostic(`failed ${Date.now() - lost} ms after the agent went away: ${failed.errors[0]?.message}`);
    assert.equal(failed.state, 'FAILED');
    assert.ok(failed.errors[0].message.includes(url), failed.errors[0].message);
    assert.equal((await http(base, 'GET', '/operations')).status, 200, 'the sidecar keeps serving');
  });

  it('the agent dies between calls (drain waiting for DRAINED): FAILED at the next poll, naming the URL', async () => {
    const base = await start();
    jolokia.respond = (r) => {
      if (r.type !== 'exec') return undefined;
      jolokia.operationMode = 'DRAINING';
      return { status: 200, value: null };
    };
    const id = (await http(base, 'POST', '/operations', { type: 'drain' })).json.id as string;
    await execReceived('drain');
    await waitForState(base, id, ['RUNNING']);
    const url = jolokia.url;
    await jolokia.close();
    const failed = await waitForState(base, id, ['FAILED', 'COMPLETED', 'CANCELLED'], 10_000);
    assert.equal(failed.state, 'FAILED');
    assert.ok(failed.errors[0].message.includes(url), failed.errors[0].message);
  });

  it('the agent stops answering (frozen JVM) while drain polls: FAILED after the 1 s call timeout, not a hang', async () => {
    const base = await start();
    jolokia.respond = (r) => {
      if (r.type !== 'exec') return undefined;
      jolokia.operationMode = 'DRAINING';
      jolokia.blackHole = true;
      return { status: 200, value: null };
    };
    const id = (await http(base, 'POST', '/operations', { type: 'drain' })).json.id as string;
    const failed = await waitForState(base, id, ['FAILED', 'COMPLETED', 'CANCELLED'], 10_000);
    assert.equal(failed.state, 'FAILED');
    assert.match(failed.errors[0].message, /did not answer within 1000 ms/);
    assert.ok(failed.errors[0].message.includes(jolokia.url), failed.errors[0].message);
  });

  it('a JMX call that never returns (long calls may take hours) is still cancelled at once by DELETE', async () => {
    const base = await start();
    jolokia.respond = (r) => (r.type === 'exec' ? hang() : undefined);
    const id = (await http(base, 'POST', '/operations', { type: 'cleanup', keyspace: 'ks1' })).json.id as string;
    await execReceived('forceKeyspaceCleanup');
    const asked = Date.now();
    assert.equal((await http(base, 'DELETE', `/operations/${id}`)).status, 202);
    const cancelled = await waitForState(base, id, ['CANCELLED', 'FAILED', 'COMPLETED'], 5_000);
    assert.equal(cancelled.state, 'CANCELLED');
    assert.ok(Date.now() - asked < 3_000, `cancelled in ${Date.now() - asked} ms`);
  });
});
