import type { MultipartValue } from '@fastify/multipart';
import type { z } from 'zod';
import { DovetailError } from '../errors/dovetail-error.js';

/**
 * A multipart text field's value, refused when the parser cut it at its field size limit: a
 * value is stored whole or not at all, never silently shortened.
 */
export function fieldValue(part: MultipartValue): string {
  if (part.valueTruncated) {
    throw new DovetailError('INVALID_ARGUMENT', `The field "${part.fieldname}" is too long`);
  }
  return String(part.value);
}

/** The text fields of a multipart body, checked by their schema like a JSON body (400 otherwise). */
export function parseFields<Schema extends z.ZodType>(
  schema: Schema,
  fields: Record<string, string>,
): z.infer<Schema> {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'fields'}: ${issue.message}`)
      .join('; ');
    throw new DovetailError('INVALID_ARGUMENT', `Invalid request: ${details}`);
  }
  return parsed.data;
}
