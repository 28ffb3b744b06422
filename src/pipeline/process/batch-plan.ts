/**
 * One Process batch, planned in memory inside its transaction: what is read is read for the whole
 * batch at once (its staged contacts and their collections, the staged contacts they are matched
 * to, the visible contacts they merge into), the reviewers' actions are applied to in-memory
 * copies of the contacts, and what changed comes out as one set of writes (ProcessBatchWrites)
 * with the audit trail in the order the changes were made. Ids of new rows are reserved up front,
 * so nothing is read back after it is written.
 *
 * A staged contact matched to another staged contact of the package merges into whatever that
 * one became: the other one is processed first, in the same batch.
 */
import { nameColumnsOf } from '../../db/contact-values.js';
import {
  type CollectionRow,
  type CollectionTable,
  type ContactFieldName,
  type ContactSnapshot,
  collectionTables,
} from '../../db/repositories/contact-records.js';
import type {
  AuditEntry,
  ContactWriteUnit,
  ProcessBatchWrites,
  ProcessCounts,
} from '../../db/repositories/processing.repository.js';
import type { StagedProfile } from '../../db/repositories/staged-records.js';
import type { ContactRow, ImportJobRow, StagedContactRow } from '../../db/schema.js';
import { matchIndexOfSnapshot } from './contact-match-profile.js';
import { type CollectionAddition, createdFields, planMerge, stagedAdditions } from './merge-plan.js';

/** A contact as this batch leaves it. */
interface WorkingContact {
  snapshot: ContactSnapshot;
  /** Created by this batch: inserted at the end, as it is then. */
  isNew: boolean;
  /** Merged into by this batch (its match index is rebuilt even when nothing was new). */
  merged: boolean;
  changedFields: Set<ContactFieldName>;
  touched: boolean;
}

const stagedCollections = {
  contact_legacy_keys: () => 1,
  contact_addresses: (profile: StagedProfile) => profile.addresses.length,
  contact_communications: (profile: StagedProfile) => profile.communications.length,
  contact_notes: (profile: StagedProfile) => profile.notes.length,
  contact_categories: (profile: StagedProfile) => profile.categories.length,
  contact_field_values: (profile: StagedProfile) => profile.fieldValues.length,
} satisfies Record<CollectionTable, (profile: StagedProfile) => number>;

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export class BatchPlan {
  readonly counts: ProcessCounts = { created: 0, merged: 0, discarded: 0 };
  /** What this batch did with each staged contact it processed (contact id, or null: discarded). */
  private readonly outcomes = new Map<number, number | null>();
  private readonly processed: Array<{ stagedId: number; resultContactId: number | null }> = [];
  /** Contacts read or created by this batch; null: gone, or not visible to the user. */
  private readonly contacts = new Map<number, WorkingContact | null>();
  private readonly audit: AuditEntry[] = [];
  private readonly added = new Map<CollectionTable, CollectionRow[]>();
  private readonly removed = new Map<CollectionTable, Set<number>>();

  private constructor(
    private readonly unit: ContactWriteUnit,
    private readonly job: ImportJobRow,
    private readonly now: string,
    /** `batch` was read just before this transaction; only this runner (it holds the lease) processes the job. */
    private readonly staged: Map<number, StagedContactRow>,
    private readonly profiles: Map<number, StagedProfile>,
  ) {}

  /** Reads what the batch needs in a few queries and reserves the ids it will take. */
  static async prepare(
    unit: ContactWriteUnit,
    job: ImportJobRow,
    batch: readonly StagedContactRow[],
    now: string,
  ): Promise<BatchPlan> {
    const staged = new Map(batch.map((row) => [row.id, row]));
    const others = batch
      .map((row) => row.match_staged_contact_id)
      .filter((id): id is number => id !== null && !staged.has(id));
    for (const [id, row] of await unit.stagedContacts(job.id, [...new Set(others)])) staged.set(id, row);
    const toWrite = [...staged.values()].filter(
      (row) => row.processed_at === null && (row.action === 'create' || row.action === 'merge'),
    );
    const plan = new BatchPlan(unit, job, now, staged, await unit.stagedProfiles(job.id, toWrite));
    const targets = [...staged.values()].flatMap((row) => {
      const id = row.processed_at !== null ? row.result_contact_id : row.match_contact_id;
      return id === null ? [] : [id];
    });
    const visible = await unit.visibleSnapshots(job.on_behalf_of_user_id, targets);
    for (const id of targets) plan.contacts.set(id, visible.has(id) ? plan.existing(visible.get(id)!) : null);
    await unit.ids.reserve('contacts', toWrite.length);
    for (const [table, count] of Object.entries(stagedCollections)) {
      let rows = 0;
      for (const profile of plan.profiles.values()) rows += count(profile);
      await unit.ids.reserve(table, rows);
    }
    return plan;
  }

  /**
   * Applies one staged contact's action; returns the contact it became (undefined when it stays
   * unprocessed, null when discarded). `resolving` holds the staged contacts whose merge waits
   * on this one, so that two staged contacts matched to each other cannot loop.
   */
  async apply(stagedId: number, resolving: Set<number>): Promise<number | null | undefined> {
    if (this.outcomes.has(stagedId)) return this.outcomes.get(stagedId);
    const staged = await this.current(stagedId);
    if (!staged) return undefined;
    if (staged.processed_at !== null) return staged.result_contact_id;
    if (staged.action === null) return undefined;
    let outcome: number | null | undefined;
    if (staged.action === 'discard') {
      this.counts.discarded += 1;
      outcome = null;
    } else if (staged.action === 'create') {
      outcome = await this.create(staged);
    } else {
      outcome = await this.merge(staged, resolving);
    }
    if (outcome !== undefined) {
      this.outcomes.set(stagedId, outcome);
      this.processed.push({ stagedId, resultContactId: outcome });
    }
    return outcome;
  }

  /** Everything the batch changed, for one set of writes with its progress. */
  writes(progress: { jobId: number; cursor: number }): ProcessBatchWrites {
    const newContacts: ContactRow[] = [];
    const changedContacts: ProcessBatchWrites['changedContacts'] = [];
    const replacing: number[] = [];
    const entries: Array<ProcessBatchWrites['matchIndex']['entries'][number]> = [];
    for (const working of this.contacts.values()) {
      if (!working || !(working.isNew || working.merged)) continue;
      const { contact } = working.snapshot;
      const names = working.changedFields.size > 0 ? nameColumnsOf(contact) : null;
      if (working.isNew) {
        newContacts.push(names ? { ...contact, ...names } : contact);
      } else {
        replacing.push(contact.id);
        if (working.touched) {
          const fields: Partial<Record<ContactFieldName, string>> = {};
          for (const field of working.changedFields) fields[field] = contact[field]!;
          changedContacts.push({ id: contact.id, fields, names });
        }
      }
      entries.push({ contactId: contact.id, index: matchIndexOfSnapshot(working.snapshot) });
    }
    const newRows = new Map<CollectionTable, CollectionRow[]>();
    const addedIds = new Map<CollectionTable, Set<number>>();
    for (const [table, rows] of this.added) {
      const removed = this.removed.get(table);
      newRows.set(table, removed ? rows.filter((row) => !removed.has(row.id)) : rows);
      addedIds.set(table, new Set(rows.map((row) => row.id)));
    }
    const removedRows = new Map<CollectionTable, number[]>();
    for (const [table, ids] of this.removed) {
      removedRows.set(
        table,
        [...ids].filter((id) => !addedIds.get(table)?.has(id)),
      );
    }
    return {
      newContacts,
      changedContacts,
      newRows,
      removedRows,
      audit: this.audit,
      matchIndex: { replacing, entries },
      processed: this.processed,
      progress: { ...progress, counts: this.counts },
    };
  }

  private existing(snapshot: ContactSnapshot): WorkingContact {
    return { snapshot, isNew: false, merged: false, changedFields: new Set(), touched: false };
  }

  private async current(stagedId: number): Promise<StagedContactRow | undefined> {
    if (!this.staged.has(stagedId)) {
      const row = (await this.unit.stagedContacts(this.job.id, [stagedId])).get(stagedId);
      if (!row) return undefined;
      this.staged.set(stagedId, row);
    }
    return this.staged.get(stagedId);
  }

  private async profileOf(staged: StagedContactRow): Promise<StagedProfile> {
    let profile = this.profiles.get(staged.id);
    if (!profile) {
      profile = (await this.unit.stagedProfiles(this.job.id, [staged])).get(staged.id)!;
      this.profiles.set(staged.id, profile);
    }
    return profile;
  }

  /** The contact as this batch has it so far; undefined when it is gone or not visible. */
  private async contact(contactId: number): Promise<WorkingContact | undefined> {
    if (!this.contacts.has(contactId)) {
      const snapshot = (await this.unit.visibleSnapshots(this.job.on_behalf_of_user_id, [contactId])).get(
        contactId,
      );
      this.contacts.set(contactId, snapshot ? this.existing(snapshot) : null);
    }
    return this.contacts.get(contactId) ?? undefined;
  }

  private async create(staged: StagedContactRow): Promise<number> {
    const profile = await this.profileOf(staged);
    const fields = createdFields(profile);
    const additions = stagedAdditions(profile, this.job.package_name);
    await this.unit.ids.reserve('contacts', 1);
    await this.reserveRows(additions);
    const { kind, ...named } = fields;
    // In the table's column order, as a read of the row would give it.
    const contact: ContactRow = {
      id: this.unit.ids.take('contacts'),
      kind,
      owner_user_id: this.job.on_behalf_of_user_id,
      ...named,
      ...nameColumnsOf(fields),
      created_at: this.now,
      updated_at: this.now,
      created_by_job_id: this.job.id,
    };
    const collections = Object.fromEntries(collectionTables.map((table) => [table, []])) as unknown as Record<
      CollectionTable,
      CollectionRow[]
    >;
    for (const addition of additions)
      collections[addition.table].push(this.newRow(contact.id, addition, false));
    const snapshot: ContactSnapshot = { contact, collections };
    this.record(contact.id, 'contact', contact.id, 'create', null, null, JSON.stringify(snapshot));
    this.contacts.set(contact.id, {
      snapshot,
      isNew: true,
      merged: false,
      changedFields: new Set(),
      touched: true,
    });
    this.counts.created += 1;
    return contact.id;
  }

  private async merge(staged: StagedContactRow, resolving: Set<number>): Promise<number | undefined> {
    let target: number | null | undefined = staged.match_contact_id;
    if (target === null && staged.match_staged_contact_id !== null) {
      const other = staged.match_staged_contact_id;
      // Matched to each other: the first one reached becomes a contact, the other merges into it.
      if (resolving.has(other)) return this.create(staged);
      target = await this.apply(other, new Set([...resolving, staged.id]));
      // Its match was discarded: this one is new after all.
      if (target === null) return this.create(staged);
    }
    // No target yet (its staged match has no action), or the contact is gone or no longer
    // visible to the user: it stays unprocessed for the reviewer.
    if (target === null || target === undefined) return undefined;
    const working = await this.contact(target);
    if (!working) return undefined;
    const profile = await this.profileOf(staged);
    const choices = new Set<string>(
      staged.field_choices ? (JSON.parse(staged.field_choices) as string[]) : [],
    );
    const changes = planMerge(working.snapshot, profile, choices, this.job.package_name);
    await this.reserveRows([...changes.additions, ...changes.replacements.map(({ addition }) => addition)]);
    const { contact, collections } = working.snapshot;
    for (const { field, before, after } of changes.fields) {
      this.record(target, 'contact', target, 'update', field, json(before), json(after));
      (contact as Record<ContactFieldName, string | null>)[field] = after;
      working.changedFields.add(field);
    }
    for (const { old, addition } of changes.replacements) {
      this.record(target, addition.table, old.id, 'remove', null, JSON.stringify(old), null);
      collections[addition.table] = collections[addition.table].filter((row) => row.id !== old.id);
      this.removedSet(addition.table).add(old.id);
      collections[addition.table].push(this.newRow(target, addition, true));
    }
    for (const addition of changes.additions)
      collections[addition.table].push(this.newRow(target, addition, true));
    working.merged = true;
    if (changes.fields.length + changes.replacements.length + changes.additions.length > 0)
      working.touched = true;
    this.counts.merged += 1;
    return target;
  }

  /**
   * A collection row added to a contact, with its reserved id; a merge's row is audited as 'add'
   * with the row (a new contact's rows are in its 'create' entry).
   */
  private newRow(contactId: number, addition: CollectionAddition, audited: boolean): CollectionRow {
    const row: CollectionRow = {
      id: this.unit.ids.take(addition.table),
      contact_id: contactId,
      created_by_job_id: this.job.id,
      ...addition.values,
    };
    const rows = this.added.get(addition.table) ?? [];
    this.added.set(addition.table, rows);
    rows.push(row);
    if (audited) this.record(contactId, addition.table, row.id, 'add', null, null, JSON.stringify(row));
    return row;
  }

  private async reserveRows(additions: readonly CollectionAddition[]): Promise<void> {
    const counts = new Map<CollectionTable, number>();
    for (const addition of additions) counts.set(addition.table, (counts.get(addition.table) ?? 0) + 1);
    for (const [table, count] of counts) await this.unit.ids.reserve(table, count);
  }

  private removedSet(table: CollectionTable): Set<number> {
    const set = this.removed.get(table) ?? new Set<number>();
    this.removed.set(table, set);
    return set;
  }

  private record(
    contactId: number,
    entity: string,
    entityId: number,
    action: AuditEntry['action'],
    field: string | null,
    before: string | null,
    after: string | null,
  ): void {
    this.audit.push({ contactId, entity, entityId, action, field, before, after });
  }
}
