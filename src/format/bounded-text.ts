/**
 * Free text with a documented maximum and no NUL character (PostgreSQL text cannot store one):
 * the block every input schema is built from (src/http/schemas/input-blocks.ts, the mapping
 * plan a request sends). A value outside it is refused with 400 INVALID_ARGUMENT, and the
 * maximum appears in the OpenAPI document (`maxLength`).
 */
import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this refuses.
const noNul = /^[^\u0000]*$/;

/** Free text of at most `max` characters, without NUL. */
export function boundedText(max: number) {
  return z
    .string()
    .max(max, `at most ${max} characters`)
    .regex(noNul, 'must not contain a NUL character (\\u0000)');
}
