import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join, relative } from 'node:path';
import type { FuzzRequest } from './http-requests.js';
import { FUZZ_KEYSPACE, FUZZ_TABLE, fuzzDirs } from './request-bodies.js';

/*
 * What the fuzz test aims at and how it proves nothing changed: a storage root holding a backup, a
 * data directory, commit logs and a cassandra.yaml, fingerprinted before and after; and a raw HTTP
 * client that reports whatever comes back, including resets and hangs.
 */

/** Fills `root` with what the templates point at: a backup in the bucket, table directories, commit logs, config. */
export async function seedStorageRoot(root: string): Promise<void> {
  const d = fuzzDirs(root);
  const node = d.location.slice('file://'.length);
  const files: Record<string, string> = {
    [`${node}/manifests/fuzz-00000000-0000-0000-0000-000000000000-1700000000000.json`]: '{"snapshot":{"name":"fuzz","keyspaces":{}},"tokens":[]}',
    [`${node}/data/${FUZZ_KEYSPACE}/${FUZZ_TABLE}-0/1-abc/nb-1-big-Data.db`]: 'sstable bytes',
    [`${d.data}/${FUZZ_KEYSPACE}/${FUZZ_TABLE}-0123456789abcdef0123456789abcdef/nb-1-big-Data.db`]: 'live sstable',
    [`${d.commitlog}/CommitLog-7-1700000000000.log`]: 'segment',
    [`${d.conf}/cassandra.yaml`]: `cluster_name: fuzz\ndata_file_directories:\n  - ${d.data}\ncommitlog_directory: ${d.commitlog}\n`,
    [`${d.importSource}/${FUZZ_KEYSPACE}/${FUZZ_TABLE}/nb-2-big-Data.db`]: 'to import',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content);
  }
  await mkdir(d.restore, { recursive: true });
}

/** Every entry under `root` with its size, mtime and content hash: any write, delete or new file changes it. */
export async function fingerprint(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      const info = await stat(path);
      if (entry.isDirectory()) {
        out.push(`${relative(root, path)}/ ${info.mtimeMs}`);
        await walk(path);
      } else {
        out.push(`${relative(root, path)} ${info.size} ${info.mtimeMs} ${createHash('sha256').update(await readFile(path)).digest('hex')}`);
      }
    }
  };
  await walk(root);
  return out;
}

export interface FuzzResponse {
  status: number;
  body: string;
  /** A transport failure (reset, timeout): the server did not answer. */
  error?: string;
}

/** Sends requests exactly as generated (raw path, bytes), over keep-alive connections. */
export class RawClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 30_000,
  ) {}

  send(r: FuzzRequest): Promise<FuzzResponse> {
    return new Promise((resolve) => {
      const headers = { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) };
      const req = request({ host: this.host, port: this.port, method: r.method, path: r.path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => resolve({ status: 0, body: '', error: err.message }));
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err) => resolve({ status: 0, body: '', error: err.message }));
      req.end(r.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The own property names of the built-in prototypes, to prove none was added or removed. */
export function prototypeShapes(): Record<string, string[]> {
  const shapes: Record<string, object> = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };
  return Object.fromEntries(Object.entries(shapes).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
}
