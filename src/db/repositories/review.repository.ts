import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../database.js';
import type {
  DatabaseSchema,
  MatchBand,
  StagedContactAction,
  StagedContactRow,
  StagedContactsTable,
  StagedMatchRow,
} from '../schema.js';
import { deleteStagedContact, readStagedProfiles, type StagedProfile } from './staged-records.js';

/** Which staged contacts a review list or a bulk action covers. */
export interface StagedContactFilter {
  /** Case-insensitive substring of the first, last, preferred or company name. */
  name?: string;
  /** The contact's status (active, inactive, …). */
  status?: string;
  /** Match quality band of the selected match; 'none' for contacts without one. */
  band?: MatchBand | 'none';
  /** Whether a match is selected. */
  hasMatch?: boolean;
  /** The chosen action; 'none' for contacts without one yet. */
  action?: StagedContactAction | 'none';
  /** Whether Process has applied it already. */
  processed?: boolean;
}

export interface StagedContactPage {
  sort?: 'name' | 'quality';
  direction?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** Editable staged profile fields, as columns. */
export type StagedFieldUpdate = Partial<
  Pick<
    StagedContactsTable,
    | 'title'
    | 'first_name'
    | 'middle_name'
    | 'last_name'
    | 'preferred_name'
    | 'suffix'
    | 'birth_date'
    | 'company_name'
    | 'position'
    | 'industry'
    | 'status'
  >
>;

/** The selected match of a staged contact. */
export interface SelectedMatch {
  contactId: number | null;
  stagedContactId: number | null;
  score: number | null;
  band: MatchBand | null;
}

type StagedEb = ExpressionBuilder<DatabaseSchema, 'staged_contacts'>;

const nameExpression = sql<string>`lower(coalesce(staged_contacts.last_name, staged_contacts.company_name, '') || ' ' || coalesce(staged_contacts.first_name, ''))`;

/** The review of staged contacts: list, details, edits and the reviewer's decisions. */
export class ReviewRepository {
  constructor(private readonly db: Database) {}

  private filtered(jobId: number, filter: StagedContactFilter) {
    return this.db
      .selectFrom('staged_contacts')
      .where('staged_contacts.job_id', '=', jobId)
      .where((eb) => eb.and(conditions(eb, filter)));
  }

  async list(
    jobId: number,
    filter: StagedContactFilter,
    page: StagedContactPage,
  ): Promise<{ total: number; items: StagedContactRow[] }> {
    const counted = await this.filtered(jobId, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const direction = page.direction ?? (page.sort === 'quality' ? 'desc' : 'asc');
    let query = this.filtered(jobId, filter).selectAll('staged_contacts');
    if (page.sort === 'quality') {
      // Contacts without a match come last whichever way the scores are sorted.
      query = query
        .orderBy(sql`case when staged_contacts.match_score is null then 1 else 0 end`)
        .orderBy('staged_contacts.match_score', direction);
    } else {
      query = query.orderBy(nameExpression, direction);
    }
    const items = await query.orderBy('staged_contacts.id').limit(page.limit).offset(page.offset).execute();
    return { total: Number(counted.n), items };
  }

  find(jobId: number, stagedId: number): Promise<StagedContactRow | undefined> {
    return this.db
      .selectFrom('staged_contacts')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('id', '=', stagedId)
      .executeTakeFirst();
  }

  async profile(jobId: number, stagedId: number): Promise<StagedProfile | undefined> {
    const contact = await this.find(jobId, stagedId);
    if (!contact) return undefined;
    return (await readStagedProfiles(this.db, jobId, [contact])).get(contact.id);
  }

  async updateFields(jobId: number, stagedId: number, fields: StagedFieldUpdate, now = new Date()) {
    await this.db
      .updateTable('staged_contacts')
      .set({ ...fields, edited_at: now.toISOString() })
      .where('job_id', '=', jobId)
      .where('id', '=', stagedId)
      .execute();
  }

  /** Deletes the staged contact with its staged rows and match suggestions; false when absent. */
  async delete(jobId: number, stagedId: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const contact = await trx
        .selectFrom('staged_contacts')
        .selectAll()
        .where('job_id', '=', jobId)
        .where('id', '=', stagedId)
        .executeTakeFirst();
      if (!contact) return false;
      await deleteStagedContact(trx, contact);
      return true;
    });
  }

  /** The match suggestions of a staged contact, strongest first. */
  suggestions(jobId: number, stagedId: number): Promise<StagedMatchRow[]> {
    return this.db
      .selectFrom('staged_matches')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('staged_contact_id', '=', stagedId)
      .orderBy('score', 'desc')
      .orderBy('id')
      .execute();
  }

  /** Records a match suggestion (the Match stage's output; tests use it to set up reviews). */
  async addSuggestion(suggestion: Omit<StagedMatchRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('staged_matches')
      .values(suggestion)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async selectMatch(jobId: number, stagedId: number, match: SelectedMatch): Promise<void> {
    await this.db
      .updateTable('staged_contacts')
      .set({
        match_contact_id: match.contactId,
        match_staged_contact_id: match.stagedContactId,
        match_score: match.score,
        match_band: match.band,
        // Without a match there is nothing to merge into.
        ...(match.contactId === null && match.stagedContactId === null ? { action: null } : {}),
      })
      .where('job_id', '=', jobId)
      .where('id', '=', stagedId)
      .execute();
  }

  async setAction(
    jobId: number,
    stagedId: number,
    action: StagedContactAction | null,
    fieldChoices: readonly string[],
  ): Promise<void> {
    await this.db
      .updateTable('staged_contacts')
      .set({ action, field_choices: fieldChoices.length > 0 ? JSON.stringify(fieldChoices) : null })
      .where('job_id', '=', jobId)
      .where('id', '=', stagedId)
      .execute();
  }

  /**
   * Sets the action of every unprocessed staged contact the filter covers; merge only where a
   * match is selected. Returns how many changed.
   */
  async bulkSetAction(
    jobId: number,
    filter: StagedContactFilter,
    action: StagedContactAction,
  ): Promise<number> {
    const result = await this.db
      .updateTable('staged_contacts')
      .set({ action })
      .where('staged_contacts.job_id', '=', jobId)
      .where('staged_contacts.processed_at', 'is', null)
      .where((eb) =>
        eb.and([
          ...conditions(eb as unknown as StagedEb, filter),
          ...(action === 'merge' ? [hasMatch(eb as unknown as StagedEb)] : []),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** How many staged contacts each file holds per action and processing state (the report's "by file"). */
  async outcomesByFile(jobId: number) {
    const rows = await this.db
      .selectFrom('staged_contacts')
      .select((eb) => [
        'source_file',
        'action',
        sql<number>`case when processed_at is null then 0 else 1 end`.as('processed'),
        sql<number>`case when result_contact_id is null then 0 else 1 end`.as('resulted'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('job_id', '=', jobId)
      .groupBy(['source_file', 'action', sql`3`, sql`4`])
      .orderBy('source_file')
      .execute();
    return rows.map((row) => ({
      file: row.source_file,
      action: row.action,
      processed: Number(row.processed) === 1,
      resulted: Number(row.resulted) === 1,
      count: Number(row.n),
    }));
  }

  /** How many staged contacts there are per action, band and processing state. */
  async summary(jobId: number) {
    const rows = await this.db
      .selectFrom('staged_contacts')
      .select((eb) => [
        'action',
        'match_band',
        sql<number>`case when processed_at is null then 0 else 1 end`.as('processed'),
        sql<number>`case when match_contact_id is null and match_staged_contact_id is null then 0 else 1 end`.as(
          'matched',
        ),
        sql<number>`case when result_contact_id is null then 0 else 1 end`.as('resulted'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('job_id', '=', jobId)
      .groupBy(['action', 'match_band', sql`3`, sql`4`, sql`5`])
      .execute();
    return rows.map((row) => ({
      action: row.action,
      band: row.match_band,
      processed: Number(row.processed) === 1,
      matched: Number(row.matched) === 1,
      /** Processing made (or merged into) a contact. */
      resulted: Number(row.resulted) === 1,
      count: Number(row.n),
    }));
  }

  async countUnprocessed(jobId: number): Promise<number> {
    const row = await this.db
      .selectFrom('staged_contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function hasMatch(eb: StagedEb) {
  return eb.or([
    eb('staged_contacts.match_contact_id', 'is not', null),
    eb('staged_contacts.match_staged_contact_id', 'is not', null),
  ]);
}

function conditions(eb: StagedEb, filter: StagedContactFilter) {
  const all = [];
  if (filter.name) {
    const pattern = `%${filter.name.toLowerCase()}%`;
    all.push(
      eb.or(
        (['first_name', 'last_name', 'preferred_name', 'company_name'] as const).map(
          (column) => sql<SqlBool>`lower(${sql.ref(`staged_contacts.${column}`)}) like ${pattern}`,
        ),
      ),
    );
  }
  if (filter.status) all.push(eb('staged_contacts.status', '=', filter.status));
  if (filter.band === 'none') all.push(eb('staged_contacts.match_band', 'is', null));
  else if (filter.band) all.push(eb('staged_contacts.match_band', '=', filter.band));
  if (filter.hasMatch === true) all.push(hasMatch(eb));
  if (filter.hasMatch === false) {
    all.push(eb('staged_contacts.match_contact_id', 'is', null));
    all.push(eb('staged_contacts.match_staged_contact_id', 'is', null));
  }
  if (filter.action === 'none') all.push(eb('staged_contacts.action', 'is', null));
  else if (filter.action) all.push(eb('staged_contacts.action', '=', filter.action));
  if (filter.processed === true) all.push(eb('staged_contacts.processed_at', 'is not', null));
  if (filter.processed === false) all.push(eb('staged_contacts.processed_at', 'is', null));
  return all;
}
