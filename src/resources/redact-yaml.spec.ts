import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { isSecretKey, redactYaml } from './redact-yaml.js';

const YAML = `cluster_name: Test Cluster
initial_token: -9223372036854775808
num_tokens: 16
credentials_validity: 2000ms
server_encryption_options:
  internode_encryption: all
  keystore: conf/.keystore
  keystore_password: ks-pass-1   # the stock password
  truststore_password: "quoted pass"
client_encryption_options:
  ssl_context_factory:
    class_name: org.apache.cassandra.security.PEMBasedSslContextFactory
    parameters:
      private_key: |
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
        -----END PRIVATE KEY-----
      private_key_password: "pem-pass"
      trusted_certificates: /etc/cassandra/ca.pem
transparent_data_encryption_options:
  key_provider:
    - class_name: org.apache.cassandra.security.JKSKeyProvider
      parameters:
        - keystore: conf/.keystore
          keystore_password: tde-store-pass
          key_password: tde-key-pass
authenticator:
  class_name: com.example.LdapAuthenticator
  parameters:
    admin_password: &pw ldap-pass
    bind_password: *pw
    client-secret: oidc-secret
    auth_token: abcdefabcdef
unset_password:
`;

describe('redactYaml (GET /config)', () => {
  const out = redactYaml(YAML);
  const parsed = parse(out);

  it('replaces every secret at any depth, lists of parameters included', () => {
    for (const secret of ['ks-pass-1', 'quoted pass', 'MIIEvQ', 'BEGIN PRIVATE KEY', 'pem-pass', 'tde-store-pass', 'tde-key-pass', 'ldap-pass', 'oidc-secret', 'abcdefabcdef']) {
      assert.equal(out.includes(secret), false, `${secret} is gone`);
    }
    assert.equal(parsed.server_encryption_options.keystore_password, '*****');
    assert.equal(parsed.client_encryption_options.ssl_context_factory.parameters.private_key, '*****');
    assert.equal(parsed.transparent_data_encryption_options.key_provider[0].parameters[0].key_password, '*****');
    assert.equal(parsed.authenticator.parameters.bind_password, '*****', 'an alias and its anchor both');
  });

  it('keeps everything else as written: tokens of the ring, paths, comments, empty values', () => {
    assert.equal(parsed.initial_token, -9223372036854775808);
    assert.equal(parsed.num_tokens, 16);
    assert.equal(parsed.credentials_validity, '2000ms');
    assert.equal(parsed.server_encryption_options.keystore, 'conf/.keystore');
    assert.equal(parsed.client_encryption_options.ssl_context_factory.parameters.trusted_certificates, '/etc/cassandra/ca.pem');
    assert.equal(parsed.unset_password, null);
    assert.match(out, /keystore_password: '\*\*\*\*\*' {3}# the stock password\n/);
    assert.equal(out.split('\n').length, YAML.split('\n').length - 3, 'the PEM block (three lines) became part of its key line');
  });

  it('redacts a file that does not parse line by line, PEM blocks included', () => {
    const broken = redactYaml('seeds: [\nkeystore_password: cassandra\nprivate_key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  abc\n  -----END RSA PRIVATE KEY-----\n');
    assert.equal(broken.includes('cassandra'), false);
    assert.equal(broken.includes('abc'), false);
    assert.match(broken, /^seeds: \[$/m);
  });

  it('knows secret keys from look-alikes', () => {
    for (const key of ['keystore_password', 'KEY_PASSWORD', 'outbound_keystore_password', 'client_secret', 'private_key', 'api-key', 'token', 'access_token']) {
      assert.ok(isSecretKey(key), key);
    }
    for (const key of ['initial_token', 'num_tokens', 'keystore', 'truststore', 'key_cache_size', 'credentials_validity', 'allocate_tokens_for_keyspace']) {
      assert.equal(isSecretKey(key), false, key);
    }
  });
});
