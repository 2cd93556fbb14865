import { type OptionSpec, type ProblemList, type RawValues, readBoolean, readList, readParsed } from './option.js';

/** What the HTTP layer accepts from browsers and clients. */
export interface HttpConfig {
  /** Origins (scheme://host[:port]) answered with CORS headers; empty: CORS is off. */
  corsOrigins: string[];
  /** Request bodies larger than this are refused with 413 before they are read. */
  maxBodyBytes: number;
}

export const HTTP_OPTIONS = {
  corsOrigin: { key: 'corsOrigin', flags: '--cors-origin <origin>', env: 'ICARUS_CORS_ORIGINS', repeatable: true,
    description: 'allow browser pages of this origin (scheme://host[:port]) to call the API; CORS is off without it' },
  disableCors: { key: 'disableCors', flags: '--disable-cors', env: 'ICARUS_DISABLE_CORS', boolean: true,
    description: "Icarus' flag, accepted for compatibility: CORS is off unless --cors-origin names origins" },
  maxBodySize: { key: 'maxBodySize', flags: '--max-body-size <size>', env: 'ICARUS_MAX_BODY_SIZE', default: '1MiB',
    description: 'largest request body accepted (413 above), e.g. 1MiB, 512KiB, 65536' },
} satisfies Record<string, OptionSpec>;

export function readHttpConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): HttpConfig {
  const o = HTTP_OPTIONS;
  const corsOrigins = [...new Set(readList(o.corsOrigin, cli, env, problems, parseOrigin))];
  if (readBoolean(o.disableCors, cli, env, problems) && corsOrigins.length > 0) {
    problems.add(o.disableCors, 'contradicts --cors-origin; give one or the other');
  }
  return { corsOrigins, maxBodyBytes: readParsed(o.maxBodySize, cli, env, problems, parseSize) ?? 1024 * 1024 };
}

/** Exactly what a browser sends in `Origin`; `*` is refused: answering every page is what this option prevents. */
export function parseOrigin(text: string): string {
  if (text === '*' || text === 'null') throw new Error(`'${text}' would let any page call the sidecar; name origins such as https://ops.example.com`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`'${text}' is not an origin (scheme://host[:port])`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
    throw new Error(`'${text}' is not an origin: scheme://host[:port] without path, e.g. ${url.origin}`);
  }
  return url.origin;
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, kib: 1024, mb: 1000 ** 2, mib: 1024 ** 2, gb: 1000 ** 3, gib: 1024 ** 3 };

/** A byte count: `65536`, `512KiB`, `1MiB`, `2MB`. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`'${text}' is not a size such as 65536, 512KiB or 1MiB`);
  const bytes = Number(m[1]) * unit;
  if (bytes < 1024) throw new Error('must be at least 1KiB');
  return bytes;
}
