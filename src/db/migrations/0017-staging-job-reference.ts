import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/** The tables Load fills a row per CSV line (or per custom value) of a package. */
const stagingTables = [
  'staged_contacts',
  'staged_field_values',
  'staged_addresses',
  'staged_communications',
  'staged_notes',
  'staged_categories',
] as const;

/**
 * On PostgreSQL a foreign key is checked by a trigger that runs a query per inserted row: for the
 * staging tables that was about a third of the server's time in a load's COPY. What the key
 * guarded stays guarded: every staging batch updates its job's row (status Running) in the same
 * transaction and is rolled back when that row is not there; and a deleted job still takes its
 * staged rows with it, through the trigger below instead of ON DELETE CASCADE. On SQLite the
 * check costs next to nothing (measured), so the keys stay.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const table of stagingTables) {
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(`${table}_job_id_fkey`)}`.execute(
      db,
    );
  }
  const deletes = stagingTables.map((table) => `delete from "${table}" where job_id = old.id;`).join('\n  ');
  await sql
    .raw(
      `create or replace function delete_staged_rows_of_job() returns trigger language plpgsql as $$
begin
  ${deletes}
  return old;
end
$$`,
    )
    .execute(db);
  await sql`create trigger import_jobs_delete_staged_rows after delete on import_jobs for each row execute function delete_staged_rows_of_job()`.execute(
    db,
  );
}
