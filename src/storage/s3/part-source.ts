import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Where the bytes of an upload come from, one part at a time, in order. */
export interface PartSource {
  /** Fills `into` and resolves to the bytes put there: fewer than its length only at the end. */
  fill(into: Buffer): Promise<number>;
  /** Whether every byte has been handed out (may read ahead to find out). */
  atEnd(): Promise<boolean>;
  close(): Promise<void>;
}

/** A local file, read with positional reads straight into the part buffers. */
export async function fileSource(path: string): Promise<PartSource> {
  const handle: FileHandle = await open(path, 'r');
  let position = 0;
  let ended = false;
  return {
    async fill(into) {
      let filled = 0;
      while (filled < into.length) {
        const { bytesRead } = await handle.read(into, filled, into.length - filled, position);
        if (bytesRead === 0) {
          ended = true;
          break;
        }
        filled += bytesRead;
        position += bytesRead;
      }
      return filled;
    },
    async atEnd() {
      if (!ended) ended = (await handle.stat()).size <= position;
      return ended;
    },
    close: () => handle.close(),
  };
}

/** A stream (text, commit logs, throttled files): its chunks are copied into the part buffers. */
export function streamSource(stream: Readable): PartSource {
  const chunks = stream[Symbol.asyncIterator]();
  let pending: Buffer | null = null;
  let ended = false;
  const next = async (): Promise<Buffer | null> => {
    if (pending) {
      const chunk = pending;
      pending = null;
      return chunk;
    }
    if (ended) return null;
    const { value, done } = await chunks.next();
    if (done) ended = true;
    return done ? null : Buffer.isBuffer(value) ? value : Buffer.from(value as string);
  };
  return {
    async fill(into) {
      let filled = 0;
      while (filled < into.length) {
        const chunk = await next();
        if (!chunk) break;
        const taken = chunk.copy(into, filled);
        filled += taken;
        if (taken < chunk.length) pending = chunk.subarray(taken);
      }
      return filled;
    },
    async atEnd() {
      pending ??= await next();
      return pending === null;
    },
    async close() {
      await chunks.return?.();
    },
  };
}
