import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import type { DatabaseSchema } from '../schema.js';

/**
 * Who may see which contacts: the owner, the members of any team the owner belongs to, and
 * administrators. Every read of contacts — lists, search, details, match candidates, error
 * reports, exports — filters through here, so there is one rule and no caller can forget it.
 *
 * @example
 * db.selectFrom('contacts').selectAll().where(contactVisibleTo(userId))
 */
export function contactVisibleTo(userId: number) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'contacts'>) =>
    eb.or([
      eb('contacts.owner_user_id', '=', userId),
      eb(
        'contacts.owner_user_id',
        'in',
        eb
          .selectFrom('team_members as owner_team')
          .innerJoin('team_members as viewer_team', 'viewer_team.team_id', 'owner_team.team_id')
          .select('owner_team.user_id')
          .where('viewer_team.user_id', '=', userId),
      ),
      eb.exists(
        eb
          .selectFrom('users as viewer')
          .select('viewer.id')
          .where('viewer.id', '=', userId)
          .where('viewer.is_admin', '=', 1),
      ),
    ]);
}

export class ContactAccessRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** The subset of `contactIds` that the user may see, in one query. */
  async visibleContactIds(userId: number, contactIds: readonly number[]): Promise<Set<number>> {
    if (contactIds.length === 0) return new Set();
    const visible = new Set<number>();
    // Chunked so a large review page never exceeds a dialect's bound-parameter limit.
    for (let start = 0; start < contactIds.length; start += 500) {
      const rows = await this.db
        .selectFrom('contacts')
        .select('contacts.id')
        .where('contacts.id', 'in', contactIds.slice(start, start + 500))
        .where(contactVisibleTo(userId))
        .execute();
      for (const row of rows) visible.add(row.id);
    }
    return visible;
  }

  async canSeeContact(userId: number, contactId: number): Promise<boolean> {
    return (await this.visibleContactIds(userId, [contactId])).has(contactId);
  }
}

/**
 * contactVisibleTo as a list of owners, for set-based reads that filter many rows at once: the
 * contacts `userId` may see are exactly those whose owner is listed, or all of them ('all', an
 * administrator). Read it for each unit of work, as team membership may change meanwhile.
 *
 * @example const owners = await ownersVisibleTo(db, userId); // [userId, …team mates] or 'all'
 */
export async function ownersVisibleTo(db: Kysely<DatabaseSchema>, userId: number): Promise<number[] | 'all'> {
  const viewer = await db.selectFrom('users').select('is_admin').where('id', '=', userId).executeTakeFirst();
  if (viewer?.is_admin === 1) return 'all';
  const mates = await db
    .selectFrom('team_members as owner_team')
    .innerJoin('team_members as viewer_team', 'viewer_team.team_id', 'owner_team.team_id')
    .select('owner_team.user_id')
    .where('viewer_team.user_id', '=', userId)
    .execute();
  return [...new Set([userId, ...mates.map((mate) => Number(mate.user_id))])];
}

/**
 * Contacts as (id, owner_user_id) only, for joins that check the owners of many contacts found
 * some other way (ownersVisibleTo's list): read through contacts_owner_of_idx (migration 0018),
 * a few small pages, rather than each contact's row. SQLite keeps no statistics here and would
 * look each contact up by its rowid, so it is told the index; PostgreSQL's planner picks it.
 *
 * @example db.selectFrom('contact_match_keys').innerJoin(contactOwners('sqlite'), 'contacts.id', 'contact_match_keys.contact_id')
 */
export function contactOwners(dialect: DialectName) {
  return (
    dialect === 'sqlite'
      ? // Flattened into the join, with the index it names.
        sql<ContactOwnerRow>`(select id, owner_user_id from contacts indexed by contacts_owner_of_idx)`
      : sql<ContactOwnerRow>`(select id, owner_user_id from contacts)`
  ).as('contacts');
}

interface ContactOwnerRow {
  id: number;
  owner_user_id: number;
}
