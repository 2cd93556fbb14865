import { isRole, ROLES, type Role } from '../common/roles.js';

/**
 * The bearer-token file: one credential per line, `TOKEN [ROLE [NAME]]`; blank lines and lines
 * starting with `#` are ignored. A token alone means `admin`, so files written before roles existed
 * keep their meaning. A token is RFC 6750's token68 (letters, digits, `-._~+/`, trailing `=`), at
 * least 16 characters, so a typo or a truncated line never becomes a guessable credential. NAME is
 * what the audit log and /whoami call the token (else its fingerprint). Problems name the line,
 * never its text: the file holds secrets (a second token pasted where the role goes included).
 */
export interface TokenEntry {
  token: string;
  role: Role;
  name?: string;
}

export interface ParsedTokens {
  entries: TokenEntry[];
  problems: string[];
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const NAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const MIN_TOKEN_LENGTH = 16;

export function parseTokenFile(text: string): ParsedTokens {
  const entries: TokenEntry[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [token, role = 'admin', name, ...extra] = line.split(/\s+/);
    const at = `line ${i + 1}`;
    if (!TOKEN68.test(token)) problems.push(`${at}: a token may hold only letters, digits and -._~+/ (then '=' padding)`);
    else if (token.length < MIN_TOKEN_LENGTH) problems.push(`${at}: a token must be at least ${MIN_TOKEN_LENGTH} characters`);
    else if (!isRole(role)) problems.push(`${at}: the word after the token must be a role: ${ROLES.join(', ')}`);
    else if (name !== undefined && !NAME.test(name)) problems.push(`${at}: a token's name may hold only letters, digits and ._@- (at most 64)`);
    else if (extra.length > 0) problems.push(`${at}: expected TOKEN [ROLE [NAME]], found more words`);
    else if (seen.has(token)) problems.push(`${at}: the same token as line ${seen.get(token)}`);
    else {
      seen.set(token, i + 1);
      entries.push({ token, role, ...(name ? { name } : {}) });
    }
  });
  return { entries, problems };
}
