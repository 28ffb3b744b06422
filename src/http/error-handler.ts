import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DovetailError, describeError, httpStatusFor } from '../errors/dovetail-error.js';
import type { ApiError } from './schemas/api-error.schema.js';

/** The one error handler: DovetailError codes map to statuses in src/errors, next to exit codes. */
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
  if (status >= 500) request.log.error(error);
  send(
    reply,
    status,
    status >= 500 ? 'INTERNAL_ERROR' : ('code' in error && error.code) || 'BAD_REQUEST',
    error.message,
  );
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
