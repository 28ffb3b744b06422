import type { Transaction } from 'kysely';
import type { ContactMatchIndex } from '../../format/match-profile.js';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect-name.js';
import { isOneOfIds } from '../key-list.js';
import type { DatabaseSchema } from '../schema.js';
import { type ContactSnapshot, readContactSnapshots } from './contact-records.js';
import { addMatchIndex, removeMatchIndex } from './match-index.js';

/** What rebuilding the match index of some contacts did. */
export interface RebuiltIndex {
  /** Contacts whose entries were rebuilt. */
  contacts: number;
  /** Rows of contact_match_keys and contact_match_profiles those contacts had before, and now. */
  keysBefore: number;
  keysAfter: number;
  profilesBefore: number;
  profilesWritten: number;
  /**
   * Contacts of the request left out because another transaction was writing them (PostgreSQL
   * only), or because they are gone: for rebuild with `waitForWriters`, one at a time.
   */
  skipped: number[];
}

/**
 * The match index as a whole (see match-index.ts), for `dovetail contacts reindex`: contacts in
 * id order, and their entries rebuilt from their own tables a batch per transaction.
 */
export class MatchIndexRepository {
  constructor(
    private readonly db: Database,
    readonly dialect: DialectName,
  ) {}

  async countContacts(): Promise<number> {
    const row = await this.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** The ids of the next `limit` contacts after `afterId`, ascending. */
  async contactIdsAfter(afterId: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('contacts')
      .select('id')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => Number(row.id));
  }

  /**
   * Replaces the match index entries of these contacts (those that still exist) with
   * `indexOf` of each contact as its tables hold it, all in one transaction: a reader sees the
   * batch's old entries or its new ones, never a contact without keys or profile.
   *
   * @example await matchIndex.rebuild(ids, matchIndexOfSnapshot)
   */
  async rebuild(
    contactIds: readonly number[],
    indexOf: (snapshot: ContactSnapshot) => ContactMatchIndex,
    options: { waitForWriters?: boolean } = {},
  ): Promise<RebuiltIndex> {
    return this.db.transaction().execute(async (trx) => {
      const claimed = await this.claim(trx, contactIds, options.waitForWriters ?? false);
      // Nobody changes the claimed contacts before this commits: PostgreSQL holds their rows
      // (claim), SQLite the database's one write lock from the transaction's start (sqlite.ts).
      const removed = await removeMatchIndex(trx, claimed);
      const snapshots = await readContactSnapshots(trx, claimed);
      const entries = [...snapshots.values()].map((snapshot) => ({
        contactId: snapshot.contact.id,
        index: indexOf(snapshot),
      }));
      await addMatchIndex(trx, entries);
      const kept = new Set(claimed);
      return {
        contacts: entries.length,
        keysBefore: removed.keys,
        keysAfter: entries.reduce((sum, entry) => sum + entry.index.keys.length, 0),
        profilesBefore: removed.profiles,
        profilesWritten: entries.length,
        skipped: contactIds.filter((id) => !kept.has(id)),
      };
    });
  }

  /**
   * The contacts this transaction may rebuild. PostgreSQL: it locks their rows, as the writers
   * of a contact do (they update its row) before they replace its entries, so neither overwrites
   * the other's entries with ones built from what it read before the other committed.
   * Without `waitForWriters` a contact another transaction holds is skipped, not waited for:
   * waiting while holding the rest of the batch could deadlock with a Process batch, which locks
   * contacts in another order, and the deadlock could cost that import its batch. A contact
   * waited for alone holds nothing anyone waits for.
   */
  private async claim(
    trx: Transaction<DatabaseSchema>,
    contactIds: readonly number[],
    waitForWriters: boolean,
  ): Promise<number[]> {
    if (this.dialect !== 'postgres') return [...contactIds];
    const locking = trx
      .selectFrom('contacts')
      .select('id')
      .where(isOneOfIds(this.dialect, 'id', contactIds))
      .orderBy('id')
      .forUpdate();
    const rows = await (waitForWriters ? locking : locking.skipLocked()).execute();
    return rows.map((row) => Number(row.id));
  }
}
