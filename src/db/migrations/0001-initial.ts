import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { idColumn } from './id-column.js';

/** Users, import jobs with their files, the staging tables, the error log and notifications. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', ...idColumn(dialect, 'serial'))
    .addColumn('user_name', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_categories')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_categories_pk', ['user_id', 'name'])
    .execute();

  await db.schema
    .createTable('user_field_definitions')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', 'text')
    .addPrimaryKeyConstraint('user_field_definitions_pk', ['user_id', 'scope', 'name'])
    .execute();

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', ...idColumn(dialect, 'serial'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('package_name', 'text', (c) => c.notNull())
    .addColumn('package_path', 'text', (c) => c.notNull())
    .addColumn('package_bytes', 'bigint', (c) => c.notNull())
    .addColumn('on_behalf_of_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('total_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_staged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contacts_staged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('import_jobs_status_idx').on('import_jobs').columns(['status']).execute();
  await db.schema.createIndex('import_jobs_created_idx').on('import_jobs').columns(['created_at']).execute();

  await db.schema
    .createTable('import_job_files')
    .addColumn('job_id', 'integer', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mapping_name', 'text', (c) => c.notNull())
    .addColumn('data_type', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('encoding', 'text')
    .addColumn('delimiter', 'text')
    .addColumn('header', 'text')
    .addColumn('uncompressed_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lines_committed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_staged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('import_job_files_pk', ['job_id', 'file_name'])
    .execute();

  const stagedTable = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', ...idColumn(dialect, 'row'))
      .addColumn('job_id', 'integer', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
      .addColumn('source_file', 'text', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull());

  await stagedTable('staged_contacts')
    .addColumn('legacy_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
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
    .execute();
  // The key is unique per job: it is how child rows find their contact, and the guard that a
  // resumed load can never stage a contact twice.
  await db.schema
    .createIndex('staged_contacts_key_uq')
    .on('staged_contacts')
    .columns(['job_id', 'legacy_key'])
    .unique()
    .execute();

  const childTables: Array<[string, (t: ReturnType<typeof stagedTable>) => ReturnType<typeof stagedTable>]> =
    [
      [
        'staged_addresses',
        (t) =>
          t
            .addColumn('type', 'text')
            .addColumn('street', 'text')
            .addColumn('street2', 'text')
            .addColumn('city', 'text')
            .addColumn('state', 'text')
            .addColumn('postal_code', 'text')
            .addColumn('country', 'text')
            .addColumn('is_primary', 'integer'),
      ],
      [
        'staged_communications',
        (t) =>
          t
            .addColumn('channel', 'text', (c) => c.notNull())
            .addColumn('type', 'text')
            .addColumn('value', 'text', (c) => c.notNull())
            .addColumn('is_primary', 'integer'),
      ],
      [
        'staged_notes',
        (t) =>
          t
            .addColumn('subject', 'text')
            .addColumn('text', 'text', (c) => c.notNull())
            .addColumn('date', 'text'),
      ],
      ['staged_categories', (t) => t.addColumn('category', 'text', (c) => c.notNull())],
      [
        'staged_field_values',
        (t) =>
          t
            .addColumn('scope', 'text', (c) => c.notNull())
            .addColumn('field', 'text', (c) => c.notNull())
            .addColumn('value', 'text', (c) => c.notNull()),
      ],
    ];
  for (const [table, addColumns] of childTables) {
    await addColumns(stagedTable(table).addColumn('contact_key', 'text', (c) => c.notNull())).execute();
    // One staged row per source line: a resumed load that replayed a batch would fail loudly
    // here instead of silently duplicating rows. Custom values from a contact row share the
    // line, hence the field in their key.
    const uniqueColumns =
      table === 'staged_field_values'
        ? ['job_id', 'source_file', 'source_line', 'scope', 'field']
        : ['job_id', 'source_file', 'source_line'];
    await db.schema.createIndex(`${table}_source_uq`).on(table).columns(uniqueColumns).unique().execute();
    await db.schema
      .createIndex(`${table}_contact_idx`)
      .on(table)
      .columns(['job_id', 'contact_key'])
      .execute();
  }

  await db.schema
    .createTable('import_errors')
    .addColumn('id', ...idColumn(dialect, 'row'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('file_name', 'text')
    .addColumn('line', 'integer')
    .addColumn('column_name', 'text')
    .addColumn('value', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('legacy_key', 'text')
    .addColumn('raw_values', 'text')
    .execute();
  await db.schema
    .createIndex('import_errors_job_idx')
    .on('import_errors')
    .columns(['job_id', 'id'])
    .execute();
  await db.schema
    .createIndex('import_errors_key_idx')
    .on('import_errors')
    .columns(['job_id', 'legacy_key'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', ...idColumn(dialect, 'serial'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'id'])
    .execute();
}
