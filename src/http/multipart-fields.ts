import path from 'node:path';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
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

/** The longest name of an uploaded file, in bytes of UTF-8: what a file system's name holds. */
export const maxUploadNameBytes = 255;

/**
 * The base name an uploaded file part is stored under: control characters and folders dropped,
 * `fallback` for an empty name. A name longer than the file system holds is refused (400), not
 * cut: it would otherwise fail as the file is written. A refused part's stream is drained, so the
 * request can still be answered.
 */
export function uploadedFileName(part: MultipartFile, fallback: string): string {
  const printable = [...(part.filename ?? '')].filter((char) => char.charCodeAt(0) >= 0x20).join('');
  const base = path.basename(printable.replaceAll('\\', '/'));
  if (base === '' || base === '.' || base === '..') return fallback;
  if (Buffer.byteLength(base) > maxUploadNameBytes) {
    part.file.resume();
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `The file name "${[...base].slice(0, 40).join('')}…" is longer than ${maxUploadNameBytes} bytes`,
    );
  }
  return base;
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
