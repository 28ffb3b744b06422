/**
 * The match results export (`dovetail review export`, GET /api/imports/:id/matches.csv): each
 * staged contact with its best suggestion, or with every suggestion, as CSV for people. Read a
 * page of staged contacts at a time and written as it goes, so memory stays flat however large
 * the job. Existing contacts appear only when both the on-behalf-of user (whose contacts the
 * review shows) and the caller may see them.
 */
import type { Writable } from 'node:stream';
import { displayNameOf } from '../../db/contact-values.js';
import type { Repositories } from '../../db/repositories/index.js';
import type {
  ExportedStagedContact,
  ExportedSuggestion,
} from '../../db/repositories/match-export.repository.js';
import { toPeopleCsvLine } from '../../format/people-csv.js';
import { type ReviewActor, visibleJob } from './import-access.js';
import { explanationAsText } from './match-explanation-text.js';

export interface MatchExportOptions {
  /** One row per suggestion instead of one row per staged contact with its best suggestion. */
  allSuggestions?: boolean;
  /** Staged contacts read per page (tests make it small to cross pages). */
  pageSize?: number;
}

export const matchExportColumns = [
  'Staged Contact ID',
  'Legacy Key',
  'Name',
  'Action',
  'Suggestion Rank',
  'Selected',
  'Match Contact ID',
  'Match Staged Contact ID',
  'Match Name',
  'Match Owner',
  'Match Legacy Keys',
  'Score',
  'Band',
  'Explanation',
] as const;

/** Writes the export to `out` (and ends it unless it is standard output); checks access first. */
export async function writeMatchesCsv(
  repositories: Repositories,
  actor: ReviewActor,
  jobId: number,
  out: Writable,
  options: MatchExportOptions = {},
): Promise<void> {
  const job = await visibleJob(repositories, actor, jobId);
  const viewers = [...new Set([job.on_behalf_of_user_id, actor.id])];
  const pageSize = options.pageSize ?? 1000;
  const write = async (values: readonly (string | number | null)[]) => {
    if (!out.write(`${toPeopleCsvLine(values)}\n`))
      await new Promise((resolve) => out.once('drain', resolve));
  };
  await write(matchExportColumns);
  let after = 0;
  for (;;) {
    const page = await repositories.matchExport.stagedPage(jobId, after, pageSize);
    if (page.length === 0) break;
    const suggestions = await repositories.matchExport.suggestions(
      jobId,
      page.map((staged) => staged.id),
      viewers,
    );
    const byStaged = new Map<number, ExportedSuggestion[]>();
    for (const suggestion of suggestions) {
      const list = byStaged.get(suggestion.staged_contact_id) ?? [];
      list.push(suggestion);
      byStaged.set(suggestion.staged_contact_id, list);
    }
    for (const staged of page) {
      const own = byStaged.get(staged.id) ?? [];
      if (own.length === 0) {
        await write(rowOf(staged, undefined, 0));
        continue;
      }
      const shown = options.allSuggestions ? own : own.slice(0, 1);
      for (let rank = 0; rank < shown.length; rank++) await write(rowOf(staged, shown[rank], rank + 1));
    }
    after = page[page.length - 1]!.id;
    if (page.length < pageSize) break;
  }
  if (out !== process.stdout) out.end();
}

function rowOf(
  staged: ExportedStagedContact,
  suggestion: ExportedSuggestion | undefined,
  rank: number,
): Array<string | number | null> {
  const own = [staged.id, staged.legacy_key, displayNameOf(staged), staged.action ?? ''];
  if (suggestion === undefined) return [...own, '', '', '', '', '', '', '', '', '', ''];
  const { contact, otherStaged } = suggestion;
  const selected =
    (contact !== null && contact.id === staged.match_contact_id) ||
    (otherStaged !== null && otherStaged.id === staged.match_staged_contact_id);
  return [
    ...own,
    rank,
    selected ? 'yes' : '',
    contact?.id ?? '',
    otherStaged?.id ?? '',
    contact ? displayNameOf(contact) : otherStaged ? displayNameOf(otherStaged) : '',
    contact?.owner ?? '',
    contact
      ? contact.legacyKeys.map(({ source, key }) => `${source}: ${key}`).join('; ')
      : `this package: ${otherStaged?.legacy_key ?? ''}`,
    suggestion.score,
    suggestion.band,
    explanationAsText(suggestion.explanation),
  ];
}
