import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { ROLES, type Role } from '../common/roles.js';
import { parseTokenFile } from '../config/token-file.js';
import { WatchedFiles } from './watched-files.js';

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** What a valid token stands for: its role and the identity it is logged under (its name, or a fingerprint). */
export interface TokenHolder {
  role: Role;
  identity: string;
}

interface KnownToken extends TokenHolder {
  digest: Buffer;
}

/**
 * The bearer tokens of `--auth-token-file` with their roles, kept as SHA-256 digests and re-read
 * when the file changes. A presented token is hashed and compared with every digest in constant
 * time, so neither the position of the first differing byte nor the token's length shows in the
 * response time. A token without a name is known by `sha256:` and the first 12 hex digits of its
 * digest (what the audit log and /whoami show; the token itself is never shown).
 */
export class BearerTokens {
  private readonly logger = new Logger('security');
  private known: KnownToken[] = [];
  private firstToken?: string;
  private firstRole?: Role;
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

  /** Who `presented` stands for, or undefined when it is no token of the file. Every digest is compared, whatever matches first. */
  verify(presented: string): TokenHolder | undefined {
    const candidate = digest(presented);
    let match: KnownToken | undefined;
    for (const known of this.known) if (timingSafeEqual(candidate, known.digest) && !match) match = known;
    return match && { role: match.role, identity: match.identity };
  }

  /** The token this sidecar presents to its peers: the file's first. */
  get peerToken(): string | undefined {
    return this.firstToken;
  }

  /** The role of the token presented to peers (their files give it its role there; usually the same line). */
  get peerRole(): Role | undefined {
    return this.firstRole;
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
    const { entries, problems } = parseTokenFile(text);
    for (const problem of problems) this.logger.warn({ msg: 'token file line ignored', file: this.file, problem });
    if (entries.length === 0) this.logger.warn({ msg: 'token file holds no token: only client certificates (if any) are accepted now', file: this.file });
    this.known = entries.map(({ token, role, name }) => {
      const hash = digest(token);
      return { digest: hash, role, identity: name ?? `sha256:${hash.toString('hex').slice(0, 12)}` };
    });
    this.firstToken = entries[0]?.token;
    this.firstRole = entries[0]?.role;
    const roles = Object.fromEntries(ROLES.map((r) => [r, entries.filter((e) => e.role === r).length]));
    this.logger.log({ msg: 'bearer tokens loaded', file: this.file, tokens: entries.length, roles });
  }
}
