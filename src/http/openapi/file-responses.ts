/**
 * Success responses that are not built as JSON by Fastify: the route names their media type in
 * `produces` and declares the body with one of these, so the document says what arrives.
 * Handlers send them as streams, strings or Buffers with their own Content-Type, which Fastify
 * passes through unserialized; the wider TypeScript type says so to the type provider, while the
 * zod schema inside is what the document shows.
 *
 * @example produces: ['text/csv'], response: { 200: csvFile('The error file, as an attachment') }
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';

type SentAsIs = string | Buffer | Readable;

/** A text body: CSV, or a Server-Sent Events stream. */
export function textBody(description: string): z.ZodType<SentAsIs> {
  return z.string().describe(description) as z.ZodType<SentAsIs>;
}

export const csvFile = textBody;

/** A binary download (a ZIP, a PDF …). */
export function binaryFile(description: string): z.ZodType<SentAsIs> {
  return z.string().meta({ format: 'binary', description }) as z.ZodType<SentAsIs>;
}

/** A JSON file sent as prepared bytes (pretty-printed, as the CLI writes it), of the given schema. */
export function jsonFile<Schema extends z.ZodType>(
  schema: Schema,
  description: string,
): z.ZodType<z.output<Schema> | Buffer> {
  return schema.describe(description) as z.ZodType<z.output<Schema> | Buffer>;
}
