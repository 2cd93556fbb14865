import type { LoggerService } from '@nestjs/common';
import { redactSecrets } from '../../common/redact.js';

/**
 * Nest logger of an esop command: warnings and errors as one line on stderr, without stack
 * traces; informational logs are dropped (the command's result and progress are its output).
 */
export class CliLogger implements LoggerService {
  constructor(
    private readonly prefix: string,
    private readonly write: (text: string) => void,
  ) {}

  log(): void {}

  warn(message: unknown): void {
    this.write(`${this.prefix}: warning: ${describe(message)}\n`);
  }

  error(message: unknown): void {
    this.write(`${this.prefix}: error: ${describe(message)}\n`);
  }

  fatal(message: unknown): void {
    this.error(message);
  }
}

/** Our structured log records are `{msg, ...fields}`; secrets in them are redacted. */
function describe(message: unknown): string {
  if (message instanceof Error) return message.message;
  if (typeof message !== 'object' || message === null) return String(message);
  const { msg, ...fields } = redactSecrets(message as Record<string, unknown>);
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${typeof msg === 'string' ? msg : ''}${rest}`.trim();
}
