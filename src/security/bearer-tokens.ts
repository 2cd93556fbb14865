import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { parseTokenFile } from '../config/token-file.js';
import { WatchedFiles } from './watched-files.js';

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * The bearer tokens of `--auth-token-file`, kept as SHA-256 digests and re-read when the file
 * changes. A presented token is hashed and compared with every digest in constant time, so neither
 * the position of the first differing byte nor the token's length shows in the response time.
 */
export class BearerTokens {
  private readonly logger = new Logger('security');
  private digests: Buffer[] = [];
  private firstToken?: string;
  private readonly watch: WatchedFiles;

  constructor(
    readonly file: string,
    intervalMs?: number,
  ) {
    // Watched (its state noted) before it is read, so a change in between is not missed.
    this.watch = new WatchedFiles([file], () => this.reload(), intervalMs);
    this.apply(readFileSync(file, 'utf8'));
    this.watch.start();
  }

  /** Whether `presented` is one of the tokens. Every digest is compared, whatever matches first. */
  verify(presented: string): boolean {
    const candidate = digest(presented);
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(candidate, known) || match;
    return match;
  }

  /** The token this sidecar presents to its peers: the file's first. */
  get peerToken(): string | undefined {
    return this.firstToken;
  }

  close(): void {
    this.watch.close();
  }

  private async reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      // Mid-rotation the file may be briefly absent: the tokens in force stay until it is back.
      this.logger.warn({ msg: 'token file unreadable; the previous tokens stay in force', file: this.file, error: (err as NodeJS.ErrnoException).code });
      return;
    }
    this.apply(text);
  }

  private apply(text: string): void {
    const { tokens, problems } = parseTokenFile(text);
    for (const problem of problems) this.logger.warn({ msg: 'token file line ignored', file: this.file, problem });
    if (tokens.length === 0) this.logger.warn({ msg: 'token file holds no token: only client certificates (if any) are accepted now', file: this.file });
    this.digests = tokens.map(digest);
    this.firstToken = tokens[0];
    this.logger.log({ msg: 'bearer tokens loaded', file: this.file, tokens: tokens.length });
  }
}
