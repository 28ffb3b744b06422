import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { idColumn } from './id-column.js';

/**
 * The contact database (people and companies with their collections, owned by a user and seen by
 * the owner's teams and administrators), contact lists, the audit trail that undo reads, the
 * blocking keys that matching looks candidates up by, and the review/processing state of staged
 * contacts.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', ...idColumn(dialect, 'serial'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user_idx').on('team_members').columns(['user_id']).execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', ...idColumn(dialect, 'serial'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text')
    .addColumn('first_name', 'text')
    .addColumn('middle_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('preferred_name', 'text')
    .addColumn('suffix', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('company_name', 'text')
    .addColumn('position', 'text')
    .addColumn('industry', 'text')
    .addColumn('status', 'text')
    /** Lower-cased "last first company" for sorting and name search. */
    .addColumn('sort_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by_job_id', 'integer')
    .execute();
  await db.schema.createIndex('contacts_owner_idx').on('contacts').columns(['owner_user_id']).execute();
  await db.schema.createIndex('contacts_sort_idx').on('contacts').columns(['sort_name', 'id']).execute();

  const collection = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', ...idColumn(dialect, 'row'))
      .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('created_by_job_id', 'integer');

  await collection('contact_legacy_keys')
    .addColumn('legacy_key', 'text', (c) => c.notNull())
    /** The package the key came from: keys are only unique within one source system. */
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await collection('contact_addresses')
    .addColumn('type', 'text')
    .addColumn('street', 'text')
    .addColumn('street2', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addColumn('is_primary', 'integer')
    .execute();
  await collection('contact_communications')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('value', 'text', (c) => c.notNull())
    /** E.164 for phones, lower case for emails and web: what duplicates and search compare. */
    .addColumn('normalized_value', 'text', (c) => c.notNull())
    .addColumn('is_primary', 'integer')
    .execute();
  await collection('contact_notes')
    .addColumn('subject', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .execute();
  await collection('contact_categories')
    .addColumn('category', 'text', (c) => c.notNull())
    .execute();
  await collection('contact_field_values')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  for (const table of [
    'contact_legacy_keys',
    'contact_addresses',
    'contact_communications',
    'contact_notes',
    'contact_categories',
    'contact_field_values',
  ]) {
    await db.schema.createIndex(`${table}_contact_idx`).on(table).columns(['contact_id']).execute();
  }
  await db.schema
    .createIndex('contact_legacy_keys_key_idx')
    .on('contact_legacy_keys')
    .columns(['legacy_key', 'source'])
    .execute();
  await db.schema
    .createIndex('contact_communications_value_idx')
    .on('contact_communications')
    .columns(['normalized_value'])
    .execute();
  await db.schema
    .createIndex('contact_categories_uq')
    .on('contact_categories')
    .columns(['contact_id', 'category'])
    .unique()
    .execute();
  await db.schema
    .createIndex('contact_field_values_uq')
    .on('contact_field_values')
    .columns(['contact_id', 'scope', 'field'])
    .unique()
    .execute();

  // Blocking keys: matching looks candidates up by key, so its cost follows the candidates, not
  // the size of the contact database. Kept in step with the contact by whoever writes it.
  await db.schema
    .createTable('contact_match_keys')
    .addColumn('match_key', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_match_keys_pk', ['match_key', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('contact_match_keys_contact_idx')
    .on('contact_match_keys')
    .columns(['contact_id'])
    .execute();

  await db.schema
    .createTable('contact_lists')
    .addColumn('id', ...idColumn(dialect, 'serial'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('job_id', 'integer', (c) => c.references('import_jobs.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('contact_list_members')
    .addColumn('list_id', 'integer', (c) => c.notNull().references('contact_lists.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_list_members_pk', ['list_id', 'contact_id'])
    .execute();

  // Every change an import (or a person) makes to a contact, field by field: what undo restores
  // from and what tells it that a field was changed again since.
  await db.schema
    .createTable('contact_audit')
    .addColumn('id', ...idColumn(dialect, 'row'))
    .addColumn('contact_id', 'integer', (c) => c.notNull())
    .addColumn('job_id', 'integer')
    .addColumn('user_id', 'integer')
    /** 'contact' for the contact's own fields, else the collection table's name. */
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'bigint')
    /** create | update | add | remove | delete */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    /** JSON of the value (or the whole collection row) before and after. */
    .addColumn('before_value', 'text')
    .addColumn('after_value', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_audit_job_idx')
    .on('contact_audit')
    .columns(['job_id', 'id'])
    .execute();
  await db.schema
    .createIndex('contact_audit_contact_idx')
    .on('contact_audit')
    .columns(['contact_id', 'id'])
    .execute();

  // Match suggestions of the Match stage: against an existing contact or another staged contact
  // of the same package.
  await db.schema
    .createTable('staged_matches')
    .addColumn('id', ...idColumn(dialect, 'row'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('staged_contact_id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'integer')
    .addColumn('other_staged_contact_id', 'bigint')
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    /** JSON: per field, agreement level and its weight. */
    .addColumn('explanation', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('staged_matches_staged_idx')
    .on('staged_matches')
    .columns(['job_id', 'staged_contact_id'])
    .execute();

  for (const [column, type] of [
    ['match_contact_id', 'integer'],
    ['match_staged_contact_id', 'bigint'],
    ['match_score', 'real'],
    ['match_band', 'text'],
    ['action', 'text'],
    ['field_choices', 'text'],
    ['edited_at', 'text'],
    ['processed_at', 'text'],
    ['result_contact_id', 'integer'],
  ] as const) {
    await db.schema.alterTable('staged_contacts').addColumn(column, type).execute();
  }
  // Where a resumable stage (Match, Process) got to: the last staged contact id it committed.
  await db.schema
    .alterTable('import_jobs')
    .addColumn('stage_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const column of ['contacts_matched', 'contacts_created', 'contacts_merged', 'contacts_discarded']) {
    await db.schema
      .alterTable('import_jobs')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await db.schema.alterTable('import_jobs').addColumn('contact_list_id', 'integer').execute();
  await db.schema.alterTable('import_jobs').addColumn('undone_at', 'text').execute();
}
