import type { ImportReport } from '../pipeline/review/import-flow-service.js';
import type { CompareDetails } from '../pipeline/review/review-service.js';
import type {
  MatchSuggestion,
  StagedContactDetails,
  StagedContactSummary,
} from '../pipeline/review/review-views.js';
import { table } from './output.js';

export function formatStagedList(
  page: { total: number; items: StagedContactSummary[] },
  offset: number,
): string {
  if (page.items.length === 0) return `No staged contacts match (of ${page.total}).`;
  return [
    table([
      ['ID', 'Key', 'Name', 'Match', 'Quality', 'Action', 'Processed'],
      ...page.items.map((item) => [
        String(item.id),
        item.legacyKey,
        item.name,
        item.match?.contactId != null
          ? `contact ${item.match.contactId}`
          : item.match?.stagedContactId != null
            ? `staged ${item.match.stagedContactId}`
            : '-',
        item.match?.band ? `${item.match.band} ${item.match.score?.toFixed(2) ?? ''}`.trim() : '-',
        item.action ?? '-',
        item.processedAt ? `yes → ${item.resultContactId ?? 'discarded'}` : 'no',
      ]),
    ]),
    `Showing ${offset + 1}–${offset + page.items.length} of ${page.total}.`,
  ].join('\n');
}

const fieldLines = (fields: Record<string, string | null>) =>
  Object.entries(fields)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `  ${name}: ${value}`);

export function formatStagedDetails(details: StagedContactDetails): string {
  const { collections } = details;
  return [
    `Staged contact ${details.id} (${details.legacyKey}, ${details.source.file} line ${details.source.line}): ${details.name}`,
    ...fieldLines(details.fields),
    `  match: ${details.match ? JSON.stringify(details.match) : '-'}   action: ${details.action ?? '-'}${details.fieldChoices.length > 0 ? ` (staged values for ${details.fieldChoices.join(', ')})` : ''}`,
    ...collections.addresses.map(
      (a) => `  address: ${[a.street, a.city, a.postalCode, a.country].filter(Boolean).join(', ')}`,
    ),
    ...collections.communications.map((c) => `  ${c.channel}: ${c.value}${c.type ? ` (${c.type})` : ''}`),
    ...collections.categories.map((c) => `  category: ${c}`),
    ...collections.notes.map((n) => `  note: ${String(n.text).slice(0, 80)}`),
    ...collections.fieldValues.map((f) => `  ${f.scope}.${f.field}: ${f.value}`),
  ].join('\n');
}

export function formatCompare(compare: CompareDetails): string {
  const other = compare.existing ?? compare.matchedStaged;
  if (!other) return `${formatStagedDetails(compare.staged)}\n(no match selected)`;
  return [
    `Staged ${compare.staged.id} "${compare.staged.name}" vs ${compare.existing ? `contact ${compare.existing.id}` : `staged ${other.id}`} "${other.name}"`,
    table([
      ['Field', 'Staged', 'Existing', 'After merge'],
      ...compare.fields
        .filter((f) => f.staged !== null || f.existing !== null)
        .map((f) => [
          f.field,
          f.staged ?? '',
          f.existing ?? '',
          `${f.merged ?? ''}${f.keeps === 'staged' ? ' (staged)' : ''}`,
        ]),
    ]),
  ].join('\n');
}

/** The duplicate key chosen for Match that made the suggestion High (explanation.identifiedBy). */
function identifiedByOf(explanation: unknown): string | undefined {
  if (typeof explanation !== 'object' || explanation === null) return undefined;
  const key = (explanation as { identifiedBy?: unknown }).identifiedBy;
  return typeof key === 'string' ? key : undefined;
}

export function formatSuggestions(suggestions: MatchSuggestion[]): string {
  if (suggestions.length === 0) return 'No match suggestions.';
  return table([
    ['Suggestion', 'Match', 'Name', 'Score', 'Band', 'Selected'],
    ...suggestions.map((s) => [
      String(s.id),
      s.contactId !== null ? `contact ${s.contactId}` : `staged ${s.stagedContactId}`,
      s.name,
      s.score.toFixed(2),
      identifiedByOf(s.explanation) ? `${s.band} (identified by ${identifiedByOf(s.explanation)})` : s.band,
      s.selected ? 'yes' : '',
    ]),
  ]);
}

export function formatReport(report: ImportReport): string {
  const t = report.totals;
  return [
    `Import Completion report of "${report.description}" (package ${report.packageName})`,
    `  Stage: ${report.stage} (${report.status})   Started: ${report.startedAt ?? '-'}   Completed: ${report.completedAt ?? '-'}${report.undoneAt ? `   Undone: ${report.undoneAt}` : ''}`,
    `  Staged ${t.staged}: created ${t.created}, merged ${t.merged}, discarded ${t.discarded}, discarded at completion ${t.discardedAtCompletion}, unprocessed ${t.unprocessed}`,
    `  Rows rejected at load: ${t.rowsRejected}`,
    `  Contact list: ${report.contactList ? `"${report.contactList.name}" (${report.contactList.size} contacts)` : '-'}`,
    ...report.warnings.map((warning) => `  Warning: ${warning}`),
  ].join('\n');
}
