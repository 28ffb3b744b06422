/**
 * Fixtures for the review, process, complete and undo suites: a small package with collections,
 * existing contacts written straight into the contact tables (the contacts API is another
 * engineer's), match suggestions as the Match stage would record them, and a snapshot of every
 * contact with its collections, blocking keys and list memberships for before/after comparisons.
 */

import type { App } from '../../src/app/open-app.js';
import { nameColumnsOf, normalizedCommunication } from '../../src/db/contact-values.js';
import { collectionTables } from '../../src/db/repositories/contact-records.js';
import { addMatchIndex } from '../../src/db/repositories/match-index.js';
import type { MatchBand, StagedContactRow } from '../../src/db/schema.js';
import { matchIndexOfSnapshot } from '../../src/pipeline/process/contact-match-profile.js';
import { buildPackage, peopleMapping, phonesMapping } from './package-builder.js';
import { importAndWait } from './test-app.js';

export interface ExistingContact {
  owner: number;
  first?: string;
  last?: string;
  birthDate?: string;
  position?: string;
  phones?: string[];
  emails?: string[];
  categories?: string[];
  addresses?: Array<{ street: string; city: string; postal_code: string }>;
}

/** Inserts an existing contact with its collections and blocking keys; returns its id. */
export async function addExistingContact(app: App, contact: ExistingContact): Promise<number> {
  const now = new Date().toISOString();
  const fields = {
    kind: 'person' as const,
    first_name: contact.first ?? null,
    last_name: contact.last ?? null,
    company_name: null,
    preferred_name: null,
  };
  const { id } = await app.db
    .insertInto('contacts')
    .values({
      ...fields,
      owner_user_id: contact.owner,
      birth_date: contact.birthDate ?? null,
      position: contact.position ?? null,
      title: null,
      middle_name: null,
      suffix: null,
      industry: null,
      status: null,
      ...nameColumnsOf(fields),
      created_at: now,
      updated_at: now,
      created_by_job_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [channel, values] of [
    ['phone', contact.phones ?? []],
    ['email', contact.emails ?? []],
  ] as const) {
    for (const value of values) {
      await app.db
        .insertInto('contact_communications')
        .values({
          contact_id: id,
          channel,
          type: null,
          value,
          normalized_value: normalizedCommunication(channel, value),
          is_primary: null,
          created_by_job_id: null,
        })
        .execute();
    }
  }
  for (const category of contact.categories ?? []) {
    await app.db
      .insertInto('contact_categories')
      .values({ contact_id: id, category, created_by_job_id: null })
      .execute();
  }
  for (const address of contact.addresses ?? []) {
    await app.db
      .insertInto('contact_addresses')
      .values({
        contact_id: id,
        ...address,
        type: 'home',
        street2: null,
        state: null,
        country: null,
        is_primary: null,
        created_by_job_id: null,
      })
      .execute();
  }
  const snapshot = (await app.repositories.processing.snapshots([id])).get(id)!;
  await addMatchIndex(app.db, [{ contactId: id, index: matchIndexOfSnapshot(snapshot) }]);
  return id;
}

/** A user who may review imports done for them. */
export async function addUser(app: App, userName: string): Promise<number> {
  return (await app.repositories.users.create({ userName })).id;
}

/** The staged contacts of a job by legacy key. */
export async function stagedByKey(app: App, jobId: number): Promise<Map<string, StagedContactRow>> {
  const rows = await app.db.selectFrom('staged_contacts').selectAll().where('job_id', '=', jobId).execute();
  return new Map(rows.map((row) => [row.legacy_key, row]));
}

/** What the Match stage records: a suggestion, preselected as the staged contact's match. */
export async function suggestMatch(
  app: App,
  jobId: number,
  staged: StagedContactRow,
  target: { contactId?: number; stagedContactId?: number },
  score = 0.97,
  band: MatchBand = 'High',
): Promise<number> {
  const id = await app.repositories.review.addSuggestion({
    job_id: jobId,
    staged_contact_id: staged.id,
    contact_id: target.contactId ?? null,
    other_staged_contact_id: target.stagedContactId ?? null,
    score,
    band,
    explanation: JSON.stringify({ lastName: { agreement: 'exact', weight: 4.2 } }),
  });
  await app.repositories.review.selectMatch(jobId, staged.id, {
    contactId: target.contactId ?? null,
    stagedContactId: target.stagedContactId ?? null,
    score,
    band,
  });
  return id;
}

/** Puts a Waiting job at Review Match Results, as the Match stage leaves it. */
export async function atReviewMatchResults(app: App, jobId: number): Promise<void> {
  await app.db
    .updateTable('import_jobs')
    .set({ stage: 'Review Match Results', status: 'Waiting for User' })
    .where('id', '=', jobId)
    .execute();
}

/**
 * Every contact with its collections, blocking keys and list memberships, as plain data;
 * updated_at is left out (undo restores values, not the clock).
 */
export async function snapshotContacts(app: App): Promise<unknown> {
  const contacts = await app.db.selectFrom('contacts').selectAll().orderBy('id').execute();
  const result: Record<string, unknown> = {
    contacts: contacts.map(({ updated_at: _updated, ...rest }) => rest),
  };
  for (const table of collectionTables) {
    result[table] = await app.db.selectFrom(table).selectAll().orderBy('id').execute();
  }
  result.keys = await app.db
    .selectFrom('contact_match_keys')
    .selectAll()
    .orderBy('contact_id')
    .orderBy('match_key')
    .execute();
  result.lists = await app.db
    .selectFrom('contact_list_members')
    .selectAll()
    .orderBy('list_id')
    .orderBy('contact_id')
    .execute();
  return result;
}

/**
 * A package of four people with phones, emails, categories and addresses:
 * P1 Ann Lee (duplicate of an existing Ann Lee), P2 Bob Stone (new), P3 Cleo Park (to discard),
 * P4 Ann Lee again (the same person as P1 within the package).
 */
export function buildReviewPackage(): Promise<string> {
  return buildPackage({
    files: [
      {
        csv: 'people.csv',
        content:
          'ID,First,Last,Born,Position\nP1,Ann,Lee,1980-04-02,Partner\nP2,Bob,Stone,,\nP3,Cleo,Park,,\nP4,Ann,Lee,,Advisor\n',
        mapping: {
          ...peopleMapping,
          columns: [...peopleMapping.columns, { column: 'Position', attribute: 'position' }],
        },
      },
      {
        csv: 'phones.csv',
        content:
          'Contact,Type,Number\nP1,H,+1 212 555 0100\nP1,W,+1 212 555 0199\nP2,M,+1 646 555 0123\nP4,H,+1 212 555 0100\n',
        mapping: phonesMapping,
      },
      {
        csv: 'emails.csv',
        content: 'Contact,Email\nP1,ANN.LEE@example.com\nP4,ann.lee@work.example\n',
        mapping: {
          dataType: 'communication',
          parentKeyColumn: 'Contact',
          columns: [{ column: 'Email', attribute: 'value' }],
          defaults: { channel: 'email' },
        },
      },
      {
        csv: 'categories.csv',
        content: 'Contact,Category\nP1,client\nP1,VIP\nP2,Prospect\n',
        mapping: {
          dataType: 'category',
          parentKeyColumn: 'Contact',
          columns: [{ column: 'Category', attribute: 'category' }],
        },
      },
      {
        csv: 'addresses.csv',
        content: 'Contact,Street,City,Postal\nP1,1 Main St.,New York,10001\nP1,9 Side Road,Boston,02101\n',
        mapping: {
          dataType: 'address',
          parentKeyColumn: 'Contact',
          columns: [
            { column: 'Street', attribute: 'street' },
            { column: 'City', attribute: 'city' },
            { column: 'Postal', attribute: 'postalCode' },
          ],
        },
      },
    ],
  });
}

export interface ReviewScenario {
  jobId: number;
  advisor: number;
  stranger: number;
  /** The existing Ann Lee that P1 duplicates (owned by the advisor). */
  ann: number;
  /** An existing contact of the advisor the import does not touch. */
  zed: number;
  /** A contact of another user, invisible to the advisor. */
  hidden: number;
  staged: Map<string, StagedContactRow>;
}

/**
 * Existing contacts, the review package imported by admin on behalf of "advisor", the match
 * suggestions the Match stage would have made (P1 → existing Ann, P4 → staged P1), waiting at
 * Review Match Results.
 */
export async function prepareReviewScenario(app: App): Promise<ReviewScenario> {
  const advisor = await addUser(app, 'advisor');
  const stranger = await addUser(app, 'stranger');
  const ann = await addExistingContact(app, {
    owner: advisor,
    first: 'Ann',
    last: 'Lee',
    position: 'Director',
    phones: ['+12125550100'],
    emails: ['ann.lee@example.com'],
    categories: ['Client'],
    addresses: [{ street: '1 Main St', city: 'New York', postal_code: '10001' }],
  });
  const zed = await addExistingContact(app, { owner: advisor, first: 'Zed', last: 'Quill' });
  const hidden = await addExistingContact(app, { owner: stranger, first: 'Ann', last: 'Leigh' });
  const job = await importAndWait(app, await buildReviewPackage(), {
    description: 'Review test',
    onBehalfOf: 'advisor',
  });
  const staged = await stagedByKey(app, job.id);
  await suggestMatch(app, job.id, staged.get('P1')!, { contactId: ann });
  await suggestMatch(app, job.id, staged.get('P4')!, { stagedContactId: staged.get('P1')!.id }, 0.9, 'High');
  await atReviewMatchResults(app, job.id);
  return { jobId: job.id, advisor, stranger, ann, zed, hidden, staged: await stagedByKey(app, job.id) };
}
