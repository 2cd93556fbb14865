import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EndpointSnitchInfo } from '../cassandra/endpoint-snitch-info.js';
import { StorageService } from '../cassandra/storage-service.js';
import { type ClusterTopology, Topology } from '../cassandra/topology.js';
import { ValidationError } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { PeerCredentials } from '../security/peer-credentials.js';
import type { PeerTarget } from './cluster-plan.js';
import { peerUrl } from './peer-urls.js';

/** The cluster as this node sees it, and the sidecar of each of its nodes. */
export interface ClusterPeers {
  topology: ClusterTopology;
  /** In the topology's order (by address), the coordinator's own node included. */
  peers: PeerTarget[];
}

/**
 * Asks this node's Cassandra for the cluster (optionally some DCs: unknown DC → 400 naming `dc`) and
 * finds each node's sidecar; a sidecar this one may not call (its token over plain http) is a 400
 * naming `globalRequest`, so a cluster-wide operation is refused before it starts. Host names cost a reverse DNS lookup per node (up to 2 s each when the
 * resolver is slow), so they are looked up only when wanted: for the topology file, or a
 * `{hostname}` URL template; otherwise a node's host name is its address.
 */
@Injectable()
export class ClusterPeerFinder {
  private readonly withoutDns: Topology;

  constructor(
    @Inject(Topology) private readonly topology: Topology,
    @Inject(StorageService) storage: StorageService,
    @Inject(EndpointSnitchInfo) snitch: EndpointSnitchInfo,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(PeerCredentials) private readonly credentials: PeerCredentials,
    @Optional() @Inject(HttpAdapterHost) private readonly http?: HttpAdapterHost,
  ) {
    this.withoutDns = new Topology(storage, snitch, async (ip) => ip);
  }

  async find(dcFilter?: string, hostnames = false): Promise<ClusterPeers> {
    const lookup = hostnames || this.config.coordination.peerUrlTemplate?.includes('{hostname}');
    const topology = await (lookup ? this.topology : this.withoutDns).get(dcFilter);
    const port = this.listenPort();
    const peers = topology.topology.map((node) => ({
      address: node.ipAddress,
      hostname: node.hostname,
      hostId: node.nodeId,
      dc: node.dc,
      rack: node.rack,
      url: peerUrl(node, this.config.coordination, port, this.config.security.tls ? 'https' : 'http'),
    }));
    const refusal = peers.map((peer) => this.credentials.refusalFor(peer.url)).find((r) => r !== undefined);
    if (refusal) throw ValidationError.forField('globalRequest', `refused: ${refusal}`);
    return { topology, peers };
  }

  /** The port this sidecar really listens on (`--listen :0` picks one), else the configured one. */
  private listenPort(): number {
    const server = this.http?.httpAdapter?.getHttpServer() as { address?: () => AddressInfo | string | null } | undefined;
    const address = server?.address?.();
    return typeof address === 'object' && address ? address.port : this.config.server.listen.port;
  }
}
