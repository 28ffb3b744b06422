/**
 * The building blocks of every request schema: ids bounded to what the database's integer
 * columns hold, and free text with a documented maximum and no NUL character (PostgreSQL text
 * cannot store one). A value outside them is 400 INVALID_ARGUMENT before any query runs, and
 * the maximum appears in the OpenAPI document (`maxLength`, `maximum`).
 */
import { z } from 'zod';
import { attributeCatalog, type DataType } from '../../format/attributes.js';
import { boundedText } from '../../format/bounded-text.js';
import { textLimits } from '../../format/text-limits.js';

export { textLimits };

import { maxDatabaseId } from '../../format/id-limits.js';

export { boundedText, maxDatabaseId };

/** The maximum length of a text attribute in the import's catalogue (names: 100 …). */
export function attributeText(dataType: DataType, attribute: string) {
  const spec = attributeCatalog[dataType].find((candidate) => candidate.name === attribute);
  if (!spec?.maxLength) throw new Error(`${dataType}.${attribute} has no maximum length`);
  return boundedText(spec.maxLength);
}

/** An id in a path or query string (text, coerced). */
export const idParam = z.coerce.number().int().positive().max(maxDatabaseId, `at most ${maxDatabaseId}`);

/** An id in a JSON body. */
export const idValue = z.number().int().positive().max(maxDatabaseId, `at most ${maxDatabaseId}`);
