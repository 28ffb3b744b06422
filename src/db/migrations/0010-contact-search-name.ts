import { type Kysely, sql } from 'kysely';
import { searchNameOf } from '../contact-values.js';
import type { DialectName } from '../dialect-name.js';

/** The columns this migration reads and writes, as they are at this point of the history. */
interface ContactNames {
  contacts: {
    id: number;
    kind: 'person' | 'company';
    first_name: string | null;
    last_name: string | null;
    preferred_name: string | null;
    company_name: string | null;
    search_name: string;
  };
}

const batchSize = 500;

/**
 * contacts.search_name: the names folded for search (lower case, accents removed), so that a
 * search for "muller" finds "Müller" by comparing stored text instead of folding every row at
 * query time. Existing contacts are folded here, in JS, by the same searchNameOf the writers use
 * (SQL has no portable accent folding).
 *
 * The index serves prefix comparisons (`search_name like 'mul%'`) whatever the database's
 * collation: text_pattern_ops on PostgreSQL, NOCASE on SQLite (whose LIKE is case-insensitive
 * and only uses a NOCASE index for a prefix).
 */
export async function up(untyped: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const db = untyped as Kysely<ContactNames>;
  await db.schema
    .alterTable('contacts')
    .addColumn('search_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await backfill(db);
  await db.schema
    .createIndex('contacts_search_name_idx')
    .on('contacts')
    .expression(dialect === 'postgres' ? sql`search_name text_pattern_ops` : sql`search_name collate nocase`)
    .execute();
}

/** Folds the names of every existing contact, a batch of contacts per statement. */
async function backfill(db: Kysely<ContactNames>): Promise<void> {
  let afterId = 0;
  for (;;) {
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'kind', 'first_name', 'last_name', 'preferred_name', 'company_name'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    const folded = sql.join(
      rows.map((row) => sql`when ${row.id} then ${searchNameOf(row)}`),
      sql` `,
    );
    await db
      .updateTable('contacts')
      .set({ search_name: sql<string>`case id ${folded} end` })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    afterId = rows[rows.length - 1]!.id;
  }
}
