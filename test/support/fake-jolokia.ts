import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A node as the fake Jolokia describes it; `down` makes gossip report it DOWN and unreachable. */
export interface FakeNode {
  address: string;
  hostId: string;
  dc: string;
  rack: string;
  down?: boolean;
}

export interface JolokiaRequest {
  type: string;
  mbean: string;
  attribute?: string | string[];
  operation?: string;
  arguments?: unknown[];
}

/** One item of the fake's answer. */
export interface JolokiaAnswer {
  status: number;
  value?: unknown;
  error?: string;
}

/**
 * Just enough of a Cassandra node's Jolokia agent for cluster-wide coordination without Cassandra:
 * cluster name, endpoints → host ids, DC and rack, schema version, gossip's view of who is up.
 * The first node is the one the sidecar "runs next to".
 */
export class FakeJolokia {
  clusterName = 'Fake Cluster';
  schemaVersion = randomUUID();
  /** Keyspaces of the node and their tables, for schema checks (Keyspaces, table MBean searches). */
  schema: Record<string, string[]> = { system: ['local', 'peers_v2'], system_schema: ['tables'] };
  /** data_file_directories and commitlog_directory as the node would tell them. */
  dataDirs = ['/var/lib/cassandra/data'];
  commitLogDir = '/var/lib/cassandra/commitlog';
  /** Every request item received, in order, so tests can prove what the sidecar asked (e.g. never an exec). */
  readonly received: JolokiaRequest[] = [];
  operationMode = 'NORMAL';
  /** Answers an item instead of the fake (a promise that never settles: an MBean operation that hangs). */
  respond?: (request: JolokiaRequest) => JolokiaAnswer | Promise<JolokiaAnswer> | undefined;
  /** Takes requests and never answers them, like a frozen JVM. */
  blackHole = false;

  private constructor(
    private readonly server: Server,
    public nodes: FakeNode[],
  ) {}

  static async start(nodes: FakeNode[]): Promise<FakeJolokia> {
    const server = createServer();
    const fake = new FakeJolokia(server, nodes);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const requests = JSON.parse(Buffer.concat(chunks).toString()) as JolokiaRequest[];
        fake.received.push(...requests);
        if (fake.blackHole) return;
        void Promise.all(requests.map((r) => fake.respond?.(r) ?? fake.answer(r))).then((answers) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(answers));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `count` nodes on 127.0.<third>.1.., host ids derived from the address, racks r1, r2, r3, … */
  static nodes(count: number, dc = 'dc1', third = 9): FakeNode[] {
    return Array.from({ length: count }, (_, i) => ({
      address: `127.0.${third}.${i + 1}`,
      hostId: `00000000-0000-4000-8000-${String(third).padStart(4, '0')}${String(i + 1).padStart(8, '0')}`,
      dc,
      rack: `r${(i % 3) + 1}`,
    }));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jolokia/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(request: JolokiaRequest): JolokiaAnswer {
    if (request.type === 'exec' && request.mbean.endsWith('type=EndpointSnitchInfo')) {
      const node = this.nodes.find((n) => n.address === String(request.arguments?.[0]));
      if (!node) return { status: 500, error: `unknown host ${String(request.arguments?.[0])}` };
      return { status: 200, value: request.operation?.startsWith('getRack') ? node.rack : node.dc };
    }
    if (request.type === 'search') return { status: 200, value: this.search(request.mbean) };
    if (request.type !== 'read') return { status: 404, error: `not faked: ${request.type} ${request.mbean}` };
    const attributes = Array.isArray(request.attribute) ? request.attribute : [request.attribute ?? ''];
    const values = attributes.map((a) => this.attribute(request.mbean, a));
    if (values.some((v) => v === undefined)) return { status: 404, error: `not faked: ${request.mbean} ${attributes.join(',')}` };
    return { status: 200, value: Array.isArray(request.attribute) ? Object.fromEntries(attributes.map((a, i) => [a, values[i]])) : values[0] };
  }

  private attribute(mbean: string, name: string): unknown {
    const endpoint = (n: FakeNode) => `${n.address}:7000`;
    const up = this.nodes.filter((n) => !n.down);
    const down = this.nodes.filter((n) => n.down);
    const values: Record<string, unknown> = mbean.endsWith('type=FailureDetector')
      ? {
          SimpleStatesWithPort: Object.fromEntries(this.nodes.map((n) => [`/${endpoint(n)}`, n.down ? 'DOWN' : 'UP'])),
          UpEndpointCount: up.length,
          DownEndpointCount: down.length,
        }
      : mbean.endsWith('type=EndpointSnitchInfo')
        ? { Datacenter: this.nodes[0].dc, Rack: this.nodes[0].rack }
        : {
            ClusterName: this.clusterName,
            ReleaseVersion: '5.0.9',
            SchemaVersion: this.schemaVersion,
            LocalHostId: this.nodes[0].hostId,
            OperationMode: this.operationMode,
            EndpointWithPortToHostId: Object.fromEntries(this.nodes.map((n) => [endpoint(n), n.hostId])),
            LiveNodesWithPort: up.map(endpoint),
            UnreachableNodesWithPort: down.map(endpoint),
            JoiningNodesWithPort: [],
            LeavingNodesWithPort: [],
            MovingNodesWithPort: [],
            Keyspaces: Object.keys(this.schema),
            NonSystemKeyspaces: Object.keys(this.schema).filter((k) => !k.startsWith('system')),
            AllDataFileLocations: this.dataDirs,
            CommitLogLocation: this.commitLogDir,
            Tokens: ['-9223372036854775808'],
            NativeTransportRunning: true,
            ConcurrentCompactors: 2,
          };
    return values[name];
  }

  /** Table MBeans matching `type=Tables,keyspace=<ks>,table=<t>` or `…,keyspace=<ks>,*`. */
  private search(pattern: string): string[] {
    const keyspace = /[:,]keyspace=([^,*]+)/.exec(pattern)?.[1];
    const table = /[:,]table=([^,*]+)/.exec(pattern)?.[1];
    if (!pattern.includes('type=Tables') || !keyspace || !Object.hasOwn(this.schema, keyspace)) return [];
    return this.schema[keyspace]
      .filter((t) => table === undefined || t === table)
      .map((t) => `org.apache.cassandra.db:type=Tables,keyspace=${keyspace},table=${t}`);
  }
}
