/**
 * The bearer-token file: one token per line; blank lines and lines starting with `#` are ignored.
 * A token is RFC 6750's token68 (letters, digits, `-._~+/`, trailing `=`), at least 16 characters,
 * so a typo or a truncated line never becomes a guessable credential. Problems name the line,
 * never its text: the file holds secrets.
 */
export interface ParsedTokens {
  tokens: string[];
  problems: string[];
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
export const MIN_TOKEN_LENGTH = 16;

export function parseTokenFile(text: string): ParsedTokens {
  const tokens: string[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!TOKEN68.test(line)) problems.push(`line ${i + 1}: a token may hold only letters, digits and -._~+/ (then '=' padding)`);
    else if (line.length < MIN_TOKEN_LENGTH) problems.push(`line ${i + 1}: a token must be at least ${MIN_TOKEN_LENGTH} characters`);
    else tokens.push(line);
  });
  return { tokens, problems };
}
