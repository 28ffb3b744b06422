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
import type { Database } from '../database.js';
import type {
  ContactAuditTable,
  ContactFields,
  ContactNameColumns,
  DatabaseSchema,
  StagedContactRow,
} from '../schema.js';
import { contactVisibleTo } from './contact-access.repository.js';
import {
  type CollectionRow,
  type CollectionTable,
  type ContactFieldName,
  type ContactSnapshot,
  collectionTables,
  readContactSnapshots,
} from './contact-records.js';
import { addMatchIndex, removeMatchIndex, replaceMatchIndex } from './match-index.js';
import { readStagedProfiles, type StagedProfile } from './staged-records.js';

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

export class ProcessingRepository {
  constructor(private readonly db: Database) {}

  /** Staged contacts with an action that Process has not applied yet, after `afterId`, by id. */
  nextBatch(jobId: number, afterId: number, limit: number): Promise<StagedContactRow[]> {
    return this.db
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

  /** Runs the work in one transaction: all of it commits, or none of it. */
  inTransaction<T>(audit: AuditContext, work: (unit: ContactWriteUnit) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new ContactWriteUnit(trx, audit)));
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

/** The writes of one transaction, each audited. */
export class ContactWriteUnit {
  private readonly pendingCreates: Array<{
    id: number;
    additions: ReadonlyArray<{ table: CollectionTable; values: Record<string, unknown> }>;
  }> = [];

  constructor(
    readonly trx: Transaction<DatabaseSchema>,
    private readonly audit: AuditContext,
  ) {}

  /** The staged contact as it is now (another staged contact's processing may have changed it). */
  stagedContact(jobId: number, stagedId: number): Promise<StagedContactRow | undefined> {
    return this.trx
      .selectFrom('staged_contacts')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('id', '=', stagedId)
      .executeTakeFirst();
  }

  async stagedProfile(contact: StagedContactRow): Promise<StagedProfile> {
    return (await readStagedProfiles(this.trx, contact.job_id, [contact])).get(contact.id)!;
  }

  snapshots(ids: readonly number[]): Promise<Map<number, ContactSnapshot>> {
    return readContactSnapshots(this.trx, ids);
  }

  async isVisible(userId: number, contactId: number): Promise<boolean> {
    const row = await this.trx
      .selectFrom('contacts')
      .select('contacts.id')
      .where('contacts.id', '=', contactId)
      .where(contactVisibleTo(userId))
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The staged contacts with their staged collections, read together for a batch. */
  stagedProfiles(jobId: number, contacts: readonly StagedContactRow[]): Promise<Map<number, StagedProfile>> {
    return readStagedProfiles(this.trx, jobId, contacts);
  }

  /**
   * A new contact. Its collection rows and its 'create' audit row (the whole contact) are
   * written by flushCreates(), many contacts per statement; call it before reading the contact.
   */
  async createContact(
    fields: ContactFields & ContactNameColumns & { owner_user_id: number },
    additions: ReadonlyArray<{ table: CollectionTable; values: Record<string, unknown> }>,
  ): Promise<number> {
    const { jobId, now } = this.audit;
    const { id } = await this.trx
      .insertInto('contacts')
      .values({ ...fields, created_at: now, updated_at: now, created_by_job_id: jobId })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.pendingCreates.push({ id, additions });
    return id;
  }

  /** Writes the collections and audit rows of the contacts created since the last flush. */
  async flushCreates(): Promise<ContactSnapshot[]> {
    const pending = this.pendingCreates.splice(0);
    if (pending.length === 0) return [];
    for (const table of collectionTables) {
      const rows = pending.flatMap(({ id, additions }) =>
        additions
          .filter((addition) => addition.table === table)
          .map((addition) => ({ ...addition.values, contact_id: id, created_by_job_id: this.audit.jobId })),
      );
      for (let start = 0; start < rows.length; start += 200) {
        await this.trx
          .insertInto(table)
          .values(rows.slice(start, start + 200) as never)
          .execute();
      }
    }
    const snapshots = await readContactSnapshots(
      this.trx,
      pending.map((created) => created.id),
    );
    const auditRows = [...snapshots.values()].map((snapshot) =>
      this.auditRow(snapshot.contact.id, 'contact', snapshot.contact.id, 'create', null, null, snapshot),
    );
    for (let start = 0; start < auditRows.length; start += 200) {
      await this.trx
        .insertInto('contact_audit')
        .values(auditRows.slice(start, start + 200))
        .execute();
    }
    return [...snapshots.values()];
  }

  /** Match index entries of contacts this transaction created (nothing to replace). */
  async addMatchIndex(
    entries: ReadonlyArray<{ contactId: number; index: ContactMatchIndex }>,
  ): Promise<void> {
    await addMatchIndex(this.trx, entries);
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

  /** Adds a collection row; audited as 'add' with the row. */
  async addRow(contactId: number, table: CollectionTable, values: Record<string, unknown>): Promise<number> {
    const id = await this.insertRow(contactId, table, values);
    const row = await this.trx.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await this.record(contactId, table, id, 'add', null, null, row);
    await this.touch(contactId);
    return id;
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

  /** Marks staged contacts processed with the contact each became (null: discarded). */
  async markProcessed(outcomes: ReadonlyArray<{ stagedId: number; resultContactId: number | null }>) {
    for (let start = 0; start < outcomes.length; start += 300) {
      const chunk = outcomes.slice(start, start + 300);
      // Cast: a CASE of only NULLs would be text on PostgreSQL.
      const result = sql<number | null>`cast(case ${sql.join(
        chunk.map((o) => sql`when ${sql.ref('id')} = ${o.stagedId} then ${sql.lit(o.resultContactId)}`),
        sql` `,
      )} end as integer)`;
      await this.trx
        .updateTable('staged_contacts')
        .set({ processed_at: this.audit.now, result_contact_id: result })
        .where(
          'id',
          'in',
          chunk.map((o) => o.stagedId),
        )
        .execute();
    }
  }

  /** Progress of a Process batch: the cursor and the counts, in the batch's transaction. */
  async advance(jobId: number, cursor: number, counts: ProcessCounts): Promise<void> {
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

  private async insertRow(contactId: number, table: CollectionTable, values: Record<string, unknown>) {
    const { id } = await this.trx
      .insertInto(table)
      .values({ ...values, contact_id: contactId, created_by_job_id: this.audit.jobId } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(id);
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
