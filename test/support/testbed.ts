import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Repository root, from dist-test/test/support/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = `${ROOT}testbed/testbed`;

/** One node of the local test bed (testbed/testbed): node i lives on <TESTBED_IP_PREFIX>.i (127.0.0.i by default). */
export interface TestbedNode {
  index: number;
  ip: string;
  jolokiaUrl: string;
  dataDir: string;
  /** Every data directory of the node (node 2 has two with `secondDataDir`). */
  dataDirs: string[];
  confDir: string;
  /** Cassandra's `commitlog_directory`. */
  commitlogDir: string;
  /** `127.0.0.1:<port>` of the node's JMX connector (Esop's `--jmx-service`), when the bed runs with `--jmx`. */
  jmx?: string;
  /** The node's second Jolokia agent, https with basic auth, when the bed runs with `--jolokia-https`. */
  jolokiaHttps?: { url: string; caFile: string; user: string; password: string };
}

export interface TestbedOptions {
  /** Also open each node's JMX connector (`testbed up --jmx`), for JMX clients such as Esop. */
  jmx?: boolean;
  /** Give node 2 a second data directory (`testbed up --second-data-dir`). */
  secondDataDir?: boolean;
  /** Also run an https Jolokia agent with basic auth on each node (`testbed up --jolokia-https`). */
  jolokiaHttps?: boolean;
}

/** A running test bed; `stop()` only stops it when this process started it. */
export interface Testbed {
  nodes: TestbedNode[];
  /** Whether this process started the bed (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
  /** Stops node `index` (1-based) as `down` does (SIGTERM: Cassandra drains); its config and data stay. */
  stopNode(index: number): Promise<void>;
  /** Starts node `index` again; resolves once it is NORMAL with CQL open and the running nodes see each other live. */
  startNode(index: number): Promise<void>;
}

/**
 * Starts a bed of `count` nodes through testbed/testbed, once per suite. With TESTBED_REUSE=1 the
 * bed already running (started by hand or by CI) is used instead, and left running afterwards;
 * a suite that asks for `jmx` then needs that bed started with `--jmx`.
 */
export async function startTestbed(count: number, options: TestbedOptions = {}): Promise<Testbed> {
  const owned = process.env.TESTBED_REUSE !== '1';
  const flags = [...(options.jmx ? ['--jmx'] : []), ...(options.secondDataDir ? ['--second-data-dir'] : []), ...(options.jolokiaHttps ? ['--jolokia-https'] : [])];
  if (owned) await script(['up', '--nodes', String(count), ...flags], 300_000);
  const env = await readEnv();
  const available = Number(env.TESTBED_NODES ?? 0);
  if (available < count) throw new Error(`test bed runs ${available} node(s), this suite needs ${count}`);
  const nodes: TestbedNode[] = Array.from({ length: count }, (_, i) => ({
    index: i + 1,
    ip: env[`NODE${i + 1}_IP`],
    jolokiaUrl: env[`NODE${i + 1}_JOLOKIA_URL`],
    dataDir: env[`NODE${i + 1}_DATA_DIR`],
    dataDirs: (env[`NODE${i + 1}_DATA_DIRS`] ?? env[`NODE${i + 1}_DATA_DIR`]).split(','),
    confDir: env[`NODE${i + 1}_CONF_DIR`],
    commitlogDir: env[`NODE${i + 1}_COMMITLOG_DIR`],
    jmx: env[`NODE${i + 1}_JMX`],
    jolokiaHttps: env[`NODE${i + 1}_JOLOKIA_HTTPS_URL`]
      ? { url: env[`NODE${i + 1}_JOLOKIA_HTTPS_URL`], caFile: env.JOLOKIA_HTTPS_CA, user: env.JOLOKIA_HTTPS_USER, password: env.JOLOKIA_HTTPS_PASSWORD }
      : undefined,
  }));
  if (options.jmx && nodes.some((n) => !n.jmx)) throw new Error('test bed runs without JMX; this suite needs `testbed/testbed up --jmx`');
  if (options.jolokiaHttps && nodes.some((n) => !n.jolokiaHttps)) throw new Error('test bed runs without https Jolokia; this suite needs `testbed/testbed up --jolokia-https`');
  if (options.secondDataDir && count >= 2 && nodes[1].dataDirs.length < 2) {
    throw new Error('node 2 has one data directory; this suite needs `testbed/testbed up --second-data-dir`');
  }
  return {
    nodes,
    owned,
    stop: async () => void (owned && (await script(['down'], 120_000))),
    stopNode: async (index) => void (await script(['stop-node', String(index)], 120_000)),
    startNode: async (index) => void (await script(['start-node', String(index)], 300_000)),
  };
}

async function readEnv(): Promise<Record<string, string>> {
  const { stdout } = await script(['env'], 30_000);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

async function script(args: string[], timeout: number): Promise<{ stdout: string }> {
  try {
    return await run(SCRIPT, args, { timeout, maxBuffer: 10 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`testbed ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
