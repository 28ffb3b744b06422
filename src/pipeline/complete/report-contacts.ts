import { displayNameOf } from '../../db/contact-values.js';
import type { Repositories } from '../../db/repositories/index.js';
import { type StagedOutcome, stagedOutcomeOf } from '../review/review-views.js';

export interface ReportContact {
  name: string;
  legacyKey: string;
  file: string;
  line: number;
  outcome: StagedOutcome;
  contactId: number | null;
}

const PAGE = 500;

/**
 * Every staged contact of the import with what it became, by name, read a page at a time so a
 * large import's report never holds all its rows in memory. As in the report's totals, an undone
 * import's rows still say what they became (the report says it was undone).
 */
export async function* reportContacts(
  repositories: Repositories,
  jobId: number,
): AsyncGenerator<ReportContact> {
  for (let offset = 0; ; offset += PAGE) {
    const { items } = await repositories.review.list(jobId, {}, { sort: 'name', limit: PAGE, offset });
    for (const row of items) {
      yield {
        name: displayNameOf(row),
        legacyKey: row.legacy_key,
        file: row.source_file,
        line: row.source_line,
        outcome: stagedOutcomeOf(row, false),
        contactId: row.result_contact_id,
      };
    }
    if (items.length < PAGE) return;
  }
}
