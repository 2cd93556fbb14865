import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes `size` random bytes to `path` and returns them. */
export async function writeRandomFile(path: string, size: number): Promise<Buffer> {
  const data = randomBytes(size);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
  return data;
}

export async function fileSha256(path: string): Promise<string> {
  return sha256(await readFile(path));
}
