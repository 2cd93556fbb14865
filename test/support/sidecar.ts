import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/sidecar-config.js';
import { type RunningServer, startServer } from '../../src/cli/server/start-server.js';
import { testAllowedPaths } from './allowed-paths.js';
import { TestOperationsModule } from './test-operations.js';

/** Starts an in-process sidecar with the test-only operation types, on a random loopback port. */
export async function startTestSidecar(
  redisUrl: string,
  extraArgs: Record<string, string | string[] | boolean> = {},
  env: Record<string, string> = {},
  options: { watchIntervalMs?: number } = {},
): Promise<RunningServer> {
  const config = loadConfig(
    {
      listen: '127.0.0.1:0',
      redisUrl,
      queuePrefix: `t${randomUUID().slice(0, 8)}`,
      dataDir: mkdtempSync(join(tmpdir(), 'icarus-test-')),
      allowedPath: testAllowedPaths(),
      ...extraArgs,
    },
    env,
  );
  return startServer(config, { extraModules: [TestOperationsModule], logger: false, ...options });
}

/** Small JSON-over-fetch helper for tests. */
export async function http(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Polls until `check` returns a value (not undefined) or the timeout passes. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Waits until operation `id` reaches one of `states`, returning its JSON. */
export function waitForState(base: string, id: string, states: string[], timeoutMs = 20_000): Promise<any> {
  return waitFor(`operation ${id} to reach ${states.join('/')}`, async () => {
    const { json } = await http(base, 'GET', `/operations/${id}`);
    return states.includes(json?.state) ? json : undefined;
  }, timeoutMs);
}
