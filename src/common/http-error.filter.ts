import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { LimitExceededError, SidecarError, ValidationError } from './errors.js';

/** JSON body of every error response: a message and, for bad input, the fields at fault. */
export interface ErrorBody {
  message: string;
  errors?: Array<{ field: string; problem: string }>;
}

/**
 * Maps every exception to a JSON error response. Domain errors carry their own status; anything
 * unexpected is a 500 whose body says so without a stack trace (the trace goes to the log).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toResponse(exception);
    if (status >= 500) this.logger.error({ msg: 'request failed', status, error: body.message, stack: (exception as Error)?.stack });
    if (exception instanceof LimitExceededError) response.set('Retry-After', String(exception.retryAfterSeconds));
    response.status(status).json(body);
  }

  private toResponse(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof ValidationError) {
      return { status: 400, body: { message: exception.message, errors: exception.problems } };
    }
    if (exception instanceof SidecarError) {
      return { status: exception.httpStatus, body: { message: exception.message } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      return { status, body: { message: Array.isArray(message) ? message.join('; ') : String(message) } };
    }
    if (isRedisFull(exception)) {
      return {
        status: 503,
        body: { message: "the sidecar's Redis is full (its maxmemory, --redis-maxmemory for the embedded one): nothing new is stored until finished operations expire; nothing was evicted" },
      };
    }
    if (isRedisOutage(exception)) {
      return { status: 503, body: { message: "the sidecar's Redis is unreachable; operations are kept there and will be back with it" } };
    }
    return { status: 500, body: { message: 'internal error; see the sidecar log' } };
  }
}

/**
 * Redis refusing a write past its maxmemory under `noeviction`: an OOM reply, or EXECABORT for a
 * MULTI one of whose commands was refused that way (ioredis keeps those in `previousErrors`).
 */
function isRedisFull(exception: unknown): boolean {
  const oom = (e: unknown) => e instanceof Error && /^OOM command not allowed/.test(e.message);
  return oom(exception) || (exception instanceof Error && ((exception as { previousErrors?: unknown[] }).previousErrors ?? []).some(oom));
}

/** ioredis' ways of saying the connection is down (it has no exported error classes for them). */
function isRedisOutage(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  return (
    exception.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|ECONNREFUSED|ENOENT.*\.sock/.test(exception.message)
  );
}
