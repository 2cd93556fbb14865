import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job } from 'bullmq';
import { REDACTED } from '../common/redact.js';
import { type OperationJobData, renderOperation } from './operation-job.js';
import type { OperationRegistry } from './operation-registry.js';
import { TypeField } from './request-fields.js';
import { parseOperationRequest } from './request-parser.js';
import { UploadRequest } from './storage-request.js';

class UploadTestRequest extends UploadRequest {
  @TypeField('upload-test') type = 'upload-test';
}

const registry = {
  get: (type: string) => (type === 'upload-test' ? { definition: { type, request: UploadTestRequest, resumable: true }, handler: { run: async () => undefined } } : undefined),
  typeIds: () => ['upload-test'],
} as unknown as OperationRegistry;

/** A job as BullMQ would hold it after submission, to render the operation JSON from. */
function jobOf(data: OperationJobData): Job<OperationJobData, unknown, string> {
  return { id: '6f1c2a4e-0000-4000-8000-000000000001', name: 'upload-test', data, progress: 0 } as unknown as Job<OperationJobData, unknown, string>;
}

describe('request parsing: stored in normal form, echoed as the Icarus Go client sent it', () => {
  it('duration "1 hour" is stored as {value, unit} for the handler and echoed as "1 hour"; bandwidth is echoed normalized', async () => {
    const parsed = await parseOperationRequest(
      { type: 'upload-test', storageLocation: 's3://bucket/c/d/n', duration: '1 hour', bandwidth: { value: 10, unit: 'MBPS' }, someFieldNobodyKnows: 'ignored' },
      registry,
    );
    assert.deepEqual(parsed.plain.duration, { value: 1, unit: 'HOURS' });
    assert.deepEqual(parsed.echo, { duration: '1 hour' });
    const json = renderOperation(jobOf({ request: parsed.plain, echo: parsed.echo, creationTime: new Date().toISOString(), errors: [], checkpoints: {}, sequence: 1, runs: 0 }), 'waiting');
    assert.equal(json.duration, '1 hour');
    assert.deepEqual(json.bandwidth, { value: 10, unit: 'MBPS' });
    assert.equal(json.someFieldNobodyKnows, undefined, 'unknown fields are dropped');
  });

  it('an object duration is echoed as the same object; nothing is echoed when nothing was sent', async () => {
    const withObject = await parseOperationRequest({ type: 'upload-test', storageLocation: 's3://b/c/d/n', duration: { value: 2, unit: 'MINUTES' } }, registry);
    assert.deepEqual(withObject.echo, { duration: { value: 2, unit: 'MINUTES' } });
    const without = await parseOperationRequest({ type: 'upload-test', storageLocation: 's3://b/c/d/n' }, registry);
    assert.equal(without.echo, undefined);
  });

  it('proxySettings.proxyPort as a string (the Go model types it so) is accepted; the echo keeps it and hides the password', async () => {
    const proxySettings = { proxyHost: 'proxy', proxyPort: '3128', proxyPassword: 'secret', useProxy: 'true' };
    const parsed = await parseOperationRequest({ type: 'upload-test', storageLocation: 's3://b/c/d/n', proxySettings }, registry);
    assert.equal((parsed.plain.proxySettings as { proxyPort: number }).proxyPort, 3128);
    const json = renderOperation(jobOf({ request: parsed.plain, echo: parsed.echo, creationTime: new Date().toISOString(), errors: [], checkpoints: {}, sequence: 1, runs: 0 }), 'waiting');
    assert.deepEqual(json.proxySettings, { ...proxySettings, proxyPassword: REDACTED });
    await assert.rejects(
      parseOperationRequest({ type: 'upload-test', storageLocation: 's3://b/c/d/n', proxySettings: { proxyPort: 'eighty' } }, registry),
      (err: { problems: Array<{ field: string }> }) => err.problems.some((p) => p.field === 'proxySettings'),
    );
  });
});
