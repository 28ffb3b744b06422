/**
 * What Process, Complete Import and Undo write to contacts: one unit of work per transaction,
 * with every change to a contact recorded in contact_audit in the same transaction.
 *
 * Audit format (docs/review-and-process.md): entity 'contact' with action 'create' (after_value:
 * the whole contact with its collections) or 'update' (one row per field, JSON scalars); for
 * collections, entity = table name, entity_id = row id, action 'add' (after_value: the row) or
 * 'remove' (before_value: the row); 'delete' (before_value: the whole contact) when undo removes
 * a contact.
 */

import type { Selectable } from 'kysely';
import { sql, type Transaction } from 'kysely';
import type { ContactMatchIndex } from '../../format/match-profile.js';
import type { BulkWrites } from '../bulk-writes.js';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect-name.js';
import { isOneOfIds } from '../key-list.js';
import type {
  ContactAuditTable,
  ContactNameColumns,
  ContactRow,
  DatabaseSchema,
  StagedContactRow,
} from '../schema.js';
import { plainTransactions, type TransactionSeries } from '../transaction-series.js';
import { BulkStatements, IdReservations } from './bulk-statements.js';
import { contactVisibleTo } from './contact-access.repository.js';
import {
  type CollectionRow,
  type CollectionTable,
  type ContactFieldName,
  type ContactSnapshot,
  collectionColumns,
  collectionTables,
  contactColumns,
  contactFieldNames,
  readContactSnapshots,
} from './contact-records.js';
import { removeMatchIndex, replaceMatchIndex } from './match-index.js';
import { readStagedContent, type StagedContent } from './staged-records.js';

export interface AuditContext {
  jobId: number;
  userId: number;
  now: string;
}

type AuditAction = 'create' | 'update' | 'add' | 'remove' | 'delete';

export interface ProcessCounts {
  created: number;
  merged: number;
  discarded: number;
}

/** One audit row; the job, user and time come from the unit's AuditContext. */
export interface AuditEntry {
  contactId: number;
  entity: string;
  entityId: number;
  action: AuditAction;
  field: string | null;
  /** JSON texts (the value or the whole row), null when there is none. */
  before: string | null;
  after: string | null;
}

/**
 * Everything one Process batch writes, planned in memory with the ids reserved from
 * `unit.ids`, and written set-based by writeProcessBatch in the batch's transaction.
 */
export interface ProcessBatchWrites {
  /** New contacts, every column. */
  newContacts: ContactRow[];
  /**
   * Existing contacts that changed. `fields` holds the new values of the fields that changed
   * (a merge only ever fills or overwrites a field with a value, never empties one) and `names`
   * the derived name columns when a field changed; any change sets updated_at.
   */
  changedContacts: Array<{
    id: number;
    fields: Partial<Record<ContactFieldName, string>>;
    names: ContactNameColumns | null;
  }>;
  /** Collection rows to add, every column. */
  newRows: ReadonlyMap<CollectionTable, readonly CollectionRow[]>;
  /** Ids of existing collection rows to delete. */
  removedRows: ReadonlyMap<CollectionTable, readonly number[]>;
  /** In the order the changes were made: undo reads the trail by id. */
  audit: readonly AuditEntry[];
  /**
   * The match index entries of every contact written (its blocking keys and its profile's stored
   * text); those of `replacing` replace what it held. Still being computed when the writes begin:
   * they are awaited once the rows before them are written.
   */
  matchIndex: {
    replacing: readonly number[];
    entries: Promise<ReadonlyArray<MatchIndexEntry>>;
  };
  processed: ReadonlyArray<{ stagedId: number; resultContactId: number | null }>;
  progress: { jobId: number; cursor: number; counts: ProcessCounts };
}

/** Transactions run one after another as one series (see inSeries). */
export interface SeriesOfTransactions {
  inTransaction<T>(audit: AuditContext, work: (unit: ContactWriteUnit) => Promise<T>): Promise<T>;
}

export interface MatchIndexEntry {
  contactId: number;
  keys: readonly string[];
  profileText: string;
}

export class ProcessingRepository {
  private readonly bulk: BulkWrites;

  constructor(
    private readonly db: Database,
    private readonly dialect: DialectName,
    bulkWrites?: BulkWrites,
    private readonly transactionSeries: () => TransactionSeries = () => plainTransactions,
  ) {
    this.bulk = bulkWrites ?? new BulkStatements(dialect);
  }

  /** Staged contacts with an action that Process has not applied yet, after `afterId`, by id. */
  nextBatch(jobId: number, afterId: number, limit: number): Promise<StagedContactRow[]> {
    return nextStagedBatch(this.db, jobId, afterId, limit);
  }

  /**
   * PostgreSQL: refreshes the planner's statistics of the staged contacts before Process reads
   * them. Their actions were set just before, in bulk (review), after the last ANALYZE; believing
   * that no staged contact has an action, the planner read every remaining row of the job for
   * each batch of nextBatch and sorted them (at 100,000 contacts, 73 million rows read by 800
   * scans). SQLite's planner keeps no such statistics here: nothing to do.
   */
  async refreshStatistics(): Promise<void> {
    if (this.dialect === 'postgres') await sql`analyze staged_contacts`.execute(this.db);
  }

  /** Runs the work in one transaction: all of it commits, or none of it. */
  inTransaction<T>(audit: AuditContext, work: (unit: ContactWriteUnit) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((trx) =>
        work(
          new ContactWriteUnit(trx, this.dialect, audit, this.bulk, new IdReservations(trx, this.dialect)),
        ),
      );
  }

  /**
   * Runs `work`, whose transactions follow one another (Process's batches), as one series: on
   * SQLite the log of each commit is copied back into the database by a thread of its own while
   * the next transaction runs (sqlite-checkpoint-thread.ts). Each transaction is as durable as
   * one of inTransaction.
   */
  async inSeries<T>(work: (series: SeriesOfTransactions) => Promise<T>): Promise<T> {
    const series = this.transactionSeries();
    try {
      return await work({
        inTransaction: async (audit, unitWork) => {
          await series.beforeTransaction();
          const result = await this.inTransaction(audit, unitWork);
          series.afterCommit();
          return result;
        },
      });
    } finally {
      await series.close();
    }
  }

  snapshots(ids: readonly number[]): Promise<Map<number, ContactSnapshot>> {
    return readContactSnapshots(this.db, ids);
  }

  /**
   * Complete Import's writes, in one transaction: the staged contacts still unprocessed are
   * discarded, and the contact list named by the description gets every contact the import's
   * audit trail touched. Done once: a re-run after a crash finds the list and does nothing.
   */
  async complete(
    job: { id: number; description: string; on_behalf_of_user_id: number },
    now = new Date(),
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('import_jobs')
        .select('contact_list_id')
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      if (current.contact_list_id !== null) return;
      await trx
        .updateTable('staged_contacts')
        .set({ processed_at: now.toISOString() })
        .where('job_id', '=', job.id)
        .where('processed_at', 'is', null)
        .execute();
      const list = await trx
        .insertInto('contact_lists')
        .values({
          name: job.description,
          owner_user_id: job.on_behalf_of_user_id,
          job_id: job.id,
          created_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('contact_list_members')
        .columns(['list_id', 'contact_id'])
        .expression(
          trx
            .selectFrom('contact_audit')
            .innerJoin('contacts', 'contacts.id', 'contact_audit.contact_id')
            .select([sql<number>`${sql.lit(list.id)}`.as('list_id'), 'contacts.id as contact_id'])
            .where('contact_audit.job_id', '=', job.id)
            .distinct(),
        )
        .execute();
      await trx
        .updateTable('import_jobs')
        .set({ contact_list_id: list.id })
        .where('id', '=', job.id)
        .execute();
    });
  }

  /** The figures of the Import Completion report that the job's counters do not hold. */
  async reportFigures(jobId: number, listId: number | null) {
    const discarded = await this.db
      .selectFrom('staged_contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .where('processed_at', 'is not', null)
      .where('result_contact_id', 'is', null)
      .where((eb) => eb.or([eb('action', 'is', null), eb('action', '!=', 'discard')]))
      .executeTakeFirstOrThrow();
    const unprocessed = await this.db
      .selectFrom('staged_contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    const list =
      listId === null
        ? undefined
        : await this.db
            .selectFrom('contact_lists')
            .leftJoin('contact_list_members', 'contact_list_members.list_id', 'contact_lists.id')
            .select((eb) => [
              'contact_lists.id',
              'contact_lists.name',
              eb.fn.count<number>('contact_list_members.contact_id').as('size'),
            ])
            .where('contact_lists.id', '=', listId)
            .groupBy(['contact_lists.id', 'contact_lists.name'])
            .executeTakeFirst();
    return {
      discardedAtCompletion: Number(discarded.n),
      unprocessed: Number(unprocessed.n),
      list: list ? { id: list.id, name: list.name, size: Number(list.size) } : null,
    };
  }

  /** The contacts in a list, by id. */
  async listMembers(listId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('contact_list_members')
      .select('contact_id')
      .where('list_id', '=', listId)
      .orderBy('contact_id')
      .execute();
    return rows.map((row) => row.contact_id);
  }

  /** One existing contact with its collections, if the user may see it. */
  async visibleSnapshot(userId: number, contactId: number): Promise<ContactSnapshot | undefined> {
    const visible = await this.db
      .selectFrom('contacts')
      .select('contacts.id')
      .where('contacts.id', '=', contactId)
      .where(contactVisibleTo(userId))
      .executeTakeFirst();
    if (!visible) return undefined;
    return (await readContactSnapshots(this.db, [contactId])).get(contactId);
  }
}

function nextStagedBatch(
  db: Database | Transaction<DatabaseSchema>,
  jobId: number,
  afterId: number,
  limit: number,
): Promise<StagedContactRow[]> {
  return db
    .selectFrom('staged_contacts')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('id', '>', afterId)
    .where('processed_at', 'is', null)
    .where('action', 'is not', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The writes of one transaction, each audited. */
export class ContactWriteUnit {
  constructor(
    readonly trx: Transaction<DatabaseSchema>,
    private readonly dialect: DialectName,
    private readonly audit: AuditContext,
    private readonly bulk: BulkWrites,
    /** Ids for the rows writeProcessBatch inserts. */
    readonly ids: IdReservations,
  ) {}

  /** nextBatch inside this transaction: the next batch of a transaction that holds several. */
  nextBatch(jobId: number, afterId: number, limit: number): Promise<StagedContactRow[]> {
    return nextStagedBatch(this.trx, jobId, afterId, limit);
  }

  /** The staged contacts with these ids, as they are now. */
  async stagedContacts(jobId: number, ids: readonly number[]): Promise<Map<number, StagedContactRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.trx
      .selectFrom('staged_contacts')
      .selectAll()
      .where('job_id', '=', jobId)
      .where(isOneOfIds(this.dialect, 'id', ids))
      .execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The staged contacts with what their staged collections bring, read together for a batch. */
  stagedProfiles(jobId: number, contacts: readonly StagedContactRow[]): Promise<Map<number, StagedContent>> {
    return readStagedContent(this.trx, jobId, contacts, this.dialect);
  }

  snapshots(ids: readonly number[]): Promise<Map<number, ContactSnapshot>> {
    return readContactSnapshots(this.trx, ids);
  }

  /** Those of the contacts that the user may see, with their collections. */
  async visibleSnapshots(userId: number, ids: readonly number[]): Promise<Map<number, ContactSnapshot>> {
    if (ids.length === 0) return new Map();
    const visible = await this.trx
      .selectFrom('contacts')
      .select('contacts.id')
      .where(isOneOfIds(this.dialect, 'contacts.id', [...new Set(ids)]))
      .where(contactVisibleTo(userId))
      .execute();
    return readContactSnapshots(
      this.trx,
      visible.map((row) => row.id),
      this.dialect,
    );
  }

  /**
   * A Process batch's writes, a few statements per table: removed rows go first (a replaced
   * custom field keeps its unique scope + field), then new contacts before the rows that point
   * at them, the changed contacts, the audit trail, the match index, and the batch's progress.
   */
  async writeProcessBatch(writes: ProcessBatchWrites): Promise<void> {
    const { trx, bulk } = this;
    for (const [table, ids] of writes.removedRows) await bulk.deleteWhereIn(trx, table, 'id', ids);
    await bulk.insert(
      trx,
      'contacts',
      contactColumns,
      writes.newContacts.map((contact) => contactColumns.map((column) => contact[column])),
    );
    for (const [table, rows] of writes.newRows) {
      const columns = collectionColumns[table];
      await bulk.insert(
        trx,
        table,
        columns,
        rows.map((row) => columns.map((column) => row[column] ?? null)),
      );
    }
    await bulk.updateFrom(trx, {
      table: 'contacts',
      key: { name: 'id', type: 'integer' },
      columns: [
        ...contactFieldNames.map((name) => ({ name, type: 'text' as const, keepWhenNull: true })),
        { name: 'sort_name', type: 'text', keepWhenNull: true },
        { name: 'search_name', type: 'text', keepWhenNull: true },
      ],
      also: { updated_at: this.audit.now },
      rows: writes.changedContacts.map(({ id, fields, names }) => [
        id,
        ...contactFieldNames.map((name) => fields[name] ?? null),
        names?.sort_name ?? null,
        names?.search_name ?? null,
      ]),
    });
    const { jobId, userId, now } = this.audit;
    await bulk.insert(
      trx,
      'contact_audit',
      auditColumns,
      writes.audit.map((entry) => [
        entry.contactId,
        jobId,
        userId,
        entry.entity,
        entry.entityId,
        entry.action,
        entry.field,
        entry.before,
        entry.after,
        now,
      ]),
    );
    const entries = await writes.matchIndex.entries;
    const keys = await this.matchKeyChanges(writes.matchIndex.replacing, entries);
    await bulk.deleteRows(
      trx,
      'contact_match_keys',
      [
        { name: 'match_key', type: 'text' },
        { name: 'contact_id', type: 'integer' },
      ],
      keys.stale,
    );
    // In key order: the primary key's b-tree is then filled page by page, not at random.
    await bulk.insert(
      trx,
      'contact_match_keys',
      ['match_key', 'contact_id'],
      keys.added.sort(byKeyThenContact),
    );
    // A contact written before profiles were stored has none to replace: hence an upsert.
    await bulk.upsert(
      trx,
      'contact_match_profiles',
      ['contact_id', 'profile'],
      ['contact_id'],
      entries.map(({ contactId, profileText }) => [contactId, profileText]),
    );
    await bulk.updateFrom(trx, {
      table: 'staged_contacts',
      key: { name: 'id', type: 'bigint' },
      columns: [{ name: 'result_contact_id', type: 'integer' }],
      also: { processed_at: now },
      rows: writes.processed.map((outcome) => [outcome.stagedId, outcome.resultContactId]),
    });
    await this.advance(writes.progress.jobId, writes.progress.cursor, writes.progress.counts);
  }

  /**
   * The match keys to delete and to insert so that the index holds exactly the entries' keys:
   * a merged contact keeps most of its keys, and a key left in place costs nothing, where one
   * deleted and inserted again costs a change to three b-trees.
   */
  private async matchKeyChanges(
    replacing: readonly number[],
    entries: ReadonlyArray<MatchIndexEntry>,
  ): Promise<{ stale: Array<[string, number]>; added: Array<[string, number]> }> {
    const stored = new Map<number, Set<string>>();
    if (replacing.length > 0) {
      const rows = await this.trx
        .selectFrom('contact_match_keys')
        .select(['contact_id', 'match_key'])
        .where(isOneOfIds(this.dialect, 'contact_id', replacing))
        .execute();
      for (const id of replacing) stored.set(id, new Set());
      for (const row of rows) stored.get(row.contact_id)?.add(row.match_key);
    }
    const stale: Array<[string, number]> = [];
    const added: Array<[string, number]> = [];
    for (const { contactId, keys } of entries) {
      const before = stored.get(contactId);
      if (!before) {
        for (const key of keys) added.push([key, contactId]);
        continue;
      }
      const now = new Set(keys);
      for (const key of before) if (!now.has(key)) stale.push([key, contactId]);
      for (const key of now) if (!before.has(key)) added.push([key, contactId]);
    }
    return { stale, added };
  }

  /** Sets fields of a contact, one audit row per field. */
  async updateFields(
    contactId: number,
    changes: ReadonlyArray<{ field: ContactFieldName; before: string | null; after: string | null }>,
    derived: ContactNameColumns,
  ): Promise<void> {
    if (changes.length === 0) return;
    const set: Record<string, string | null> = { ...derived, updated_at: this.audit.now };
    for (const change of changes) set[change.field] = change.after;
    await this.trx.updateTable('contacts').set(set).where('id', '=', contactId).execute();
    for (const change of changes) {
      await this.record(contactId, 'contact', contactId, 'update', change.field, change.before, change.after);
    }
  }

  /** Removes a collection row; audited as 'remove' with the row. */
  async removeRow(table: CollectionTable, row: CollectionRow): Promise<void> {
    await this.trx.deleteFrom(table).where('id', '=', row.id).execute();
    await this.record(row.contact_id, table, row.id, 'remove', null, row, null);
    await this.touch(row.contact_id);
  }

  /** Puts a removed row back exactly as it was, id included (undo). */
  async restoreRow(table: CollectionTable, row: CollectionRow): Promise<void> {
    await this.trx
      .insertInto(table)
      .values(row as never)
      .execute();
    await this.record(row.contact_id, table, row.id, 'add', null, null, row);
  }

  /** Deletes contacts with their collections (undo of creates); audited with each whole contact. */
  async deleteContacts(snapshots: readonly ContactSnapshot[]): Promise<void> {
    for (let start = 0; start < snapshots.length; start += 500) {
      const chunk = snapshots.slice(start, start + 500);
      const ids = chunk.map((snapshot) => snapshot.contact.id);
      await this.trx.deleteFrom('contact_list_members').where('contact_id', 'in', ids).execute();
      await removeMatchIndex(this.trx, ids);
      for (const table of collectionTables) {
        await this.trx.deleteFrom(table).where('contact_id', 'in', ids).execute();
      }
      await this.trx.deleteFrom('contacts').where('id', 'in', ids).execute();
      const auditRows = chunk.map((snapshot) =>
        this.auditRow(snapshot.contact.id, 'contact', snapshot.contact.id, 'delete', null, snapshot, null),
      );
      for (let at = 0; at < auditRows.length; at += 200) {
        await this.trx
          .insertInto('contact_audit')
          .values(auditRows.slice(at, at + 200))
          .execute();
      }
    }
  }

  /** The job's audit trail, oldest first. */
  auditTrail(jobId: number): Promise<Selectable<ContactAuditTable>[]> {
    return this.trx
      .selectFrom('contact_audit')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('id')
      .execute();
  }

  async currentRow(table: CollectionTable, id: number): Promise<CollectionRow | undefined> {
    return (await this.trx.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as
      | CollectionRow
      | undefined;
  }

  /** Undo's end: the job's list goes and the job is marked undone. */
  async finishUndo(jobId: number, listId: number | null): Promise<void> {
    if (listId !== null) {
      await this.trx.deleteFrom('contact_list_members').where('list_id', '=', listId).execute();
      await this.trx.deleteFrom('contact_lists').where('id', '=', listId).execute();
    }
    await this.trx
      .updateTable('import_jobs')
      .set({ undone_at: this.audit.now, contact_list_id: null })
      .where('id', '=', jobId)
      .execute();
  }

  async replaceMatchIndex(contactId: number, index: ContactMatchIndex): Promise<void> {
    await replaceMatchIndex(this.trx, contactId, index);
  }

  /** Progress of a Process batch: the cursor and the counts, in the batch's transaction. */
  private async advance(jobId: number, cursor: number, counts: ProcessCounts): Promise<void> {
    await this.trx
      .updateTable('import_jobs')
      .set((eb) => ({
        stage_cursor: cursor,
        contacts_created: eb('contacts_created', '+', counts.created),
        contacts_merged: eb('contacts_merged', '+', counts.merged),
        contacts_discarded: eb('contacts_discarded', '+', counts.discarded),
      }))
      .where('id', '=', jobId)
      .execute();
  }

  private async touch(contactId: number): Promise<void> {
    await this.trx
      .updateTable('contacts')
      .set({ updated_at: this.audit.now })
      .where('id', '=', contactId)
      .execute();
  }

  async record(
    contactId: number,
    entity: string,
    entityId: number,
    action: AuditAction,
    field: string | null,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.trx
      .insertInto('contact_audit')
      .values(this.auditRow(contactId, entity, entityId, action, field, before, after))
      .execute();
  }

  private auditRow(
    contactId: number,
    entity: string,
    entityId: number,
    action: AuditAction,
    field: string | null,
    before: unknown,
    after: unknown,
  ) {
    return {
      contact_id: contactId,
      job_id: this.audit.jobId,
      user_id: this.audit.userId,
      entity,
      entity_id: entityId,
      action,
      field,
      before_value: before === null || before === undefined ? null : JSON.stringify(before),
      after_value: after === null || after === undefined ? null : JSON.stringify(after),
      changed_at: this.audit.now,
    };
  }
}

const byKeyThenContact = (a: readonly [string, number], b: readonly [string, number]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];

const auditColumns = [
  'contact_id',
  'job_id',
  'user_id',
  'entity',
  'entity_id',
  'action',
  'field',
  'before_value',
  'after_value',
  'changed_at',
] as const;
