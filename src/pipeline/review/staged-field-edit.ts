/**
 * Edits of a staged profile are read by the same converters as the package's values, so an edit
 * cannot store what an import would have rejected. Dates are ISO (YYYY-MM-DD).
 */

import type { StagedFieldUpdate } from '../../db/repositories/review.repository.js';
import type { StagedContactRow } from '../../db/schema.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { attributeCatalog, requiredAttributes } from '../../format/attributes.js';
import { converterForAttribute } from '../map/field-converters.js';
import { createDateReader } from '../map/parse-date.js';
import { columnOfApiField } from './review-views.js';

const isoDate = 'YYYY-MM-DD';

/** The column updates for API field edits (null or "" clears a field), or INVALID_ARGUMENT. */
export function validatedFieldEdit(
  contact: StagedContactRow,
  edits: Record<string, string | null>,
  now = new Date(),
): StagedFieldUpdate {
  const specs = attributeCatalog[contact.kind];
  const options = {
    readDate: createDateReader(isoDate, now),
    dateFormat: isoDate,
    defaultCountry: 'US',
    today: now.toISOString().slice(0, 10),
  };
  const update: Record<string, string | null> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(edits)) {
    const spec = specs.find((attribute) => attribute.name === name);
    if (!spec) {
      problems.push(`${name} is not a field of a ${contact.kind}`);
      continue;
    }
    const text = raw?.trim() ?? '';
    if (text === '') {
      update[columnOfApiField(name)] = null;
      continue;
    }
    const result = converterForAttribute(spec, options)(text);
    if (result.ok) update[columnOfApiField(name)] = result.value === null ? null : String(result.value);
    else problems.push(`${spec.label}: ${result.message}`);
  }
  const after = { ...contact, ...update } as Record<string, unknown>;
  for (const rule of requiredAttributes[contact.kind]) {
    if (!rule.anyOf.some((name) => after[columnOfApiField(name)])) problems.push(rule.message);
  }
  if (problems.length > 0) {
    throw new DovetailError('INVALID_ARGUMENT', `The staged contact was not changed: ${problems.join('; ')}`);
  }
  return update as StagedFieldUpdate;
}
