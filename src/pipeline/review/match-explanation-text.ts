/**
 * A stored match explanation (staged_matches.explanation, JSON) as one line of text for people:
 * each compared field with its outcome, level and weight, then what limited the band. Written
 * defensively: fields it does not know are shown as they are, so a richer model's explanation
 * still reads.
 *
 * @example explanationAsText('{"fields":[{"field":"lastName","outcome":"agreed","level":"exact","weight":7.2}]}')
 * // "lastName agreed (exact, +7.2)"
 */
export function explanationAsText(stored: string): string {
  let explanation: unknown;
  try {
    explanation = JSON.parse(stored);
  } catch {
    return stored;
  }
  if (typeof explanation !== 'object' || explanation === null) return String(stored);
  const { fields, namesTransposed, bandLimitedBy, identifiedBy, ...rest } = explanation as Record<
    string,
    unknown
  >;
  const parts: string[] = [];
  if (Array.isArray(fields)) {
    for (const entry of fields) parts.push(fieldText(entry));
  }
  if (namesTransposed === true) parts.push('first and last names swapped');
  if (typeof identifiedBy === 'string') parts.push(`identified by ${identifiedBy}`);
  if (typeof bandLimitedBy === 'string') parts.push(`band limited: ${bandLimitedBy}`);
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined && value !== null)
      parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.join('; ');
}

function fieldText(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return String(entry);
  const { field, outcome, level, weight, ...rest } = entry as Record<string, unknown>;
  const details: string[] = [];
  if (level !== undefined && level !== outcome) details.push(String(level));
  if (typeof weight === 'number') details.push(`${weight >= 0 ? '+' : ''}${weight}`);
  for (const [key, value] of Object.entries(rest)) details.push(`${key} ${JSON.stringify(value)}`);
  const head = [field, outcome].filter((part) => part !== undefined).join(' ');
  return details.length > 0 ? `${head} (${details.join(', ')})` : head;
}
