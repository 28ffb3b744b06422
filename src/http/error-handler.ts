import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DovetailError, describeError, httpStatusFor } from '../errors/dovetail-error.js';
import type { ApiError } from './schemas/api-error.schema.js';

/**
 * The one error handler: DovetailError codes map to statuses in src/errors, next to exit codes.
 * Anything unexpected is logged here with its stack and answered 500 with a fixed message: the
 * text of a database or library error (SQL, values, paths) never reaches a client.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DovetailError) {
    send(reply, httpStatusFor(error.code), error.code, describeError(error), error.details);
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation
      .map((issue) => `${issue.instancePath || '/'} ${issue.message}`)
      .join('; ');
    send(reply, 400, 'INVALID_ARGUMENT', `Invalid request: ${details}`);
    return;
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    send(reply, 500, 'INTERNAL_ERROR', internalErrorMessage(request));
    return;
  }
  send(reply, status, ('code' in error && error.code) || 'BAD_REQUEST', error.message);
}

/** What a client learns of an unexpected failure: that it happened, and which request to look up. */
export function internalErrorMessage(request: FastifyRequest): string {
  return `The server could not complete this request (request id ${request.id}); the details are in its log`;
}

function send(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): void {
  const body: ApiError = { error: { code, message, ...(details ? { details } : {}) } };
  reply.status(status).type('application/json').send(body);
}
