import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('hides proxy passwords and keys at any depth, keeps everything else', () => {
    const request = { type: 'backup', proxySettings: { proxyHost: 'p', proxyPassword: 'hunter2' }, list: [{ secretAccessKey: 'k' }], k8sSecretName: 'name' };
    assert.deepEqual(redactSecrets(request), {
      type: 'backup',
      proxySettings: { proxyHost: 'p', proxyPassword: REDACTED },
      list: [{ secretAccessKey: REDACTED }],
      k8sSecretName: 'name',
    });
    assert.equal(request.proxySettings.proxyPassword, 'hunter2', 'the original is untouched');
  });
});
