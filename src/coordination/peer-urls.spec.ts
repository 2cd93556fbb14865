import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_COORDINATION_CONFIG } from '../config/coordination.config.js';
import { loadConfig } from '../config/sidecar-config.js';
import type { NodeTopology } from '../cassandra/topology.js';
import { peerUrl } from './peer-urls.js';

const node: NodeTopology = { hostname: 'cass-1', cluster: 'c', dc: 'dc1', rack: 'r1', nodeId: 'f4a7c6a0-0000-4000-8000-000000000001', ipAddress: '10.0.0.7' };

describe('peer sidecar URLs', () => {
  it("defaults to Icarus' rule: the node's address and this sidecar's port (IPv6 in brackets)", () => {
    assert.equal(peerUrl(node, DEFAULT_COORDINATION_CONFIG, 4567), 'http://10.0.0.7:4567');
    assert.equal(peerUrl({ ...node, ipAddress: 'fd00::7' }, DEFAULT_COORDINATION_CONFIG, 4567), 'http://[fd00::7]:4567');
    assert.equal(peerUrl(node, DEFAULT_COORDINATION_CONFIG, 4567, 'https'), 'https://10.0.0.7:4567', 'a sidecar serving https expects https peers');
  });

  it('fills every placeholder of the template', () => {
    const { coordination } = loadConfig({ peerUrlTemplate: 'https://{hostname}.{dc}.{rack}.svc:{port}/{hostId}/{address}/' }, {});
    assert.equal(peerUrl(node, coordination, 4600), `https://cass-1.dc1.r1.svc:4600/${node.nodeId}/10.0.0.7`);
  });

  it('prefers the static map, by host id or address, over the template', () => {
    const { coordination } = loadConfig({ peerUrlTemplate: 'http://{hostname}:1', peerUrls: `${node.nodeId}=http://a:2/, 10.0.0.8=http://b:3` }, {});
    assert.equal(peerUrl(node, coordination, 9), 'http://a:2');
    assert.equal(peerUrl({ ...node, nodeId: 'other', ipAddress: '10.0.0.8' }, coordination, 9), 'http://b:3');
    assert.equal(peerUrl({ ...node, nodeId: 'other', ipAddress: '10.0.0.9' }, coordination, 9), 'http://cass-1:1');
  });

  it('refuses unknown placeholders, non-http URLs and malformed maps at start, naming the option', () => {
    assert.throws(() => loadConfig({ peerUrlTemplate: 'http://{host}:4567' }, {}), /--peer-url-template.*unknown placeholder.*\{host\}/s);
    assert.throws(() => loadConfig({}, { ICARUS_PEER_URL_TEMPLATE: 'ftp://{address}' }), /ICARUS_PEER_URL_TEMPLATE.*http/s);
    assert.throws(() => loadConfig({ peerUrls: 'abc' }, {}), /--peer-urls.*hostId=url/s);
    assert.throws(() => loadConfig({ maxNodeTimeout: '0s' }, {}), /--max-node-timeout/);
  });
});
