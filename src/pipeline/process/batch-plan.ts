/**
 * One Process batch, planned in memory inside its transaction: what is read is read for the whole
 * batch at once (its staged contacts and their collections, the staged contacts they are matched
 * to, the visible contacts they merge into), the reviewers' actions are applied to in-memory
 * copies of the contacts, and what changed comes out as one set of writes (ProcessBatchWrites)
 * with the audit trail in the order the changes were made. The ids of new rows are reserved
 * (new contacts' as they are made, collection rows' at the end, as many as were added), so
 * nothing is read back after it is written.
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
import type { StagedContent } from '../../db/repositories/staged-records.js';
import type { ContactRow, ImportJobRow, StagedContactRow } from '../../db/schema.js';
import type { MatchIndexer } from './match-indexer.js';
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
  /**
   * A new contact whose snapshot is also its 'create' audit entry, until a merge later in the
   * batch changes it: the merge then works on a copy (copy on write, as few contacts ever are).
   */
  sharedWithAudit: boolean;
}

/**
 * An audit entry whose JSON is written at the end, once the rows it names have their ids: the
 * whole new contact as it was made (`created`), or the row added or removed.
 */
type PendingAudit =
  | { kind: 'done'; entry: AuditEntry }
  | { kind: 'create'; contactId: number; created: ContactSnapshot }
  | { kind: 'add' | 'remove'; contactId: number; table: CollectionTable; row: CollectionRow };

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** A collection row added by this batch has this id until the batch's ids are handed out. */
const unassigned = 0;

export class BatchPlan {
  readonly counts: ProcessCounts = { created: 0, merged: 0, discarded: 0 };
  /** What this batch did with each staged contact it processed (contact id, or null: discarded). */
  private readonly outcomes = new Map<number, number | null>();
  private readonly processed: Array<{ stagedId: number; resultContactId: number | null }> = [];
  /** Contacts read or created by this batch; null: gone, or not visible to the user. */
  private readonly contacts = new Map<number, WorkingContact | null>();
  private readonly audit: PendingAudit[] = [];
  /** Rows added by this batch, in the order they were added (their ids follow that order). */
  private readonly added = new Map<CollectionTable, CollectionRow[]>();
  private readonly addedRows = new Set<CollectionRow>();
  /** Rows removed by this batch, with their table: existing ones, or ones it added itself. */
  private readonly removed = new Map<CollectionRow, CollectionTable>();

  private constructor(
    private readonly unit: ContactWriteUnit,
    private readonly job: ImportJobRow,
    private readonly now: string,
    /** `batch` was read just before this transaction; only this runner (it holds the lease) processes the job. */
    private readonly staged: Map<number, StagedContactRow>,
    private readonly profiles: Map<number, StagedContent>,
    private readonly indexer: MatchIndexer,
  ) {}

  /** Reads what the batch needs in a few queries and reserves the contact ids it will likely take. */
  static async prepare(
    unit: ContactWriteUnit,
    job: ImportJobRow,
    batch: readonly StagedContactRow[],
    now: string,
    indexer: MatchIndexer,
  ): Promise<BatchPlan> {
    const staged = new Map(batch.map((row) => [row.id, row]));
    const others = batch
      .map((row) => row.match_staged_contact_id)
      .filter((id): id is number => id !== null && !staged.has(id));
    for (const [id, row] of await unit.stagedContacts(job.id, [...new Set(others)])) staged.set(id, row);
    const toWrite = [...staged.values()].filter(
      (row) => row.processed_at === null && (row.action === 'create' || row.action === 'merge'),
    );
    const plan = new BatchPlan(unit, job, now, staged, await unit.stagedProfiles(job.id, toWrite), indexer);
    const targets = [...staged.values()].flatMap((row) => {
      const id = row.processed_at !== null ? row.result_contact_id : row.match_contact_id;
      return id === null ? [] : [id];
    });
    const visible = await unit.visibleSnapshots(job.on_behalf_of_user_id, targets);
    for (const id of targets) plan.contacts.set(id, visible.has(id) ? plan.existing(visible.get(id)!) : null);
    // A merge into another staged contact may become a create; any other id is taken on demand.
    const creates = toWrite.filter((row) => row.action === 'create' || row.match_contact_id === null);
    await unit.ids.reserve('contacts', creates.length);
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
  async writes(progress: { jobId: number; cursor: number }): Promise<ProcessBatchWrites> {
    await this.assignRowIds();
    const newContacts: ContactRow[] = [];
    const changedContacts: ProcessBatchWrites['changedContacts'] = [];
    const replacing: number[] = [];
    const indexed: ContactSnapshot[] = [];
    for (const working of this.contacts.values()) {
      if (!working || !(working.isNew || working.merged)) continue;
      const { contact } = working.snapshot;
      const names = working.changedFields.size > 0 ? nameColumnsOf(contact) : null;
      if (names) Object.assign(contact, names);
      if (working.isNew) {
        newContacts.push(contact);
      } else {
        replacing.push(contact.id);
        if (working.touched) {
          const fields: Partial<Record<ContactFieldName, string>> = {};
          for (const field of working.changedFields) fields[field] = contact[field]!;
          changedContacts.push({ id: contact.id, fields, names });
        }
      }
      indexed.push(working.snapshot);
    }
    // Computed while the rows before the match index are written (match-indexer.ts).
    const entries = this.indexer
      .index(indexed)
      .then((list) =>
        list.map(({ keys, profileText }, at) => ({ contactId: indexed[at]!.contact.id, keys, profileText })),
      );
    // A batch whose writes fail before they reach the index leaves this promise unawaited.
    entries.catch(() => {});
    const newRows = new Map<CollectionTable, CollectionRow[]>();
    const removedRows = new Map<CollectionTable, number[]>();
    for (const [table, rows] of this.added)
      newRows.set(
        table,
        rows.filter((row) => !this.removed.has(row)),
      );
    for (const [row, table] of this.removed) {
      // A row this batch added and removed again was never written.
      if (this.addedRows.has(row)) continue;
      const ids = removedRows.get(table) ?? [];
      removedRows.set(table, ids);
      ids.push(row.id);
    }
    return {
      newContacts,
      changedContacts,
      newRows,
      removedRows,
      audit: this.audit.map(auditEntry),
      matchIndex: { replacing, entries },
      processed: this.processed,
      progress: { ...progress, counts: this.counts },
    };
  }

  private existing(snapshot: ContactSnapshot): WorkingContact {
    return {
      snapshot,
      isNew: false,
      merged: false,
      changedFields: new Set(),
      touched: false,
      sharedWithAudit: false,
    };
  }

  private async current(stagedId: number): Promise<StagedContactRow | undefined> {
    if (!this.staged.has(stagedId)) {
      const row = (await this.unit.stagedContacts(this.job.id, [stagedId])).get(stagedId);
      if (!row) return undefined;
      this.staged.set(stagedId, row);
    }
    return this.staged.get(stagedId);
  }

  private async profileOf(staged: StagedContactRow): Promise<StagedContent> {
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
    const names = nameColumnsOf(fields);
    // Spelled out rather than spread: the 'create' audit entry stringifies this object, and a
    // spread-built one cost several times as much to build and to stringify. The key order is
    // the one the audit trail has always had.
    const contact: ContactRow = {
      id: this.unit.ids.take('contacts'),
      kind: fields.kind,
      owner_user_id: this.job.on_behalf_of_user_id,
      title: fields.title,
      first_name: fields.first_name,
      middle_name: fields.middle_name,
      last_name: fields.last_name,
      preferred_name: fields.preferred_name,
      suffix: fields.suffix,
      birth_date: fields.birth_date,
      company_name: fields.company_name,
      position: fields.position,
      industry: fields.industry,
      status: fields.status,
      sort_name: names.sort_name,
      search_name: names.search_name,
      created_at: this.now,
      updated_at: this.now,
      created_by_job_id: this.job.id,
    };
    const collections = emptyCollections();
    for (const addition of additions)
      collections[addition.table].push(this.newRow(contact.id, addition, false));
    const snapshot: ContactSnapshot = { contact, collections };
    this.audit.push({ kind: 'create', contactId: contact.id, created: snapshot });
    this.contacts.set(contact.id, {
      snapshot,
      isNew: true,
      merged: false,
      changedFields: new Set(),
      touched: true,
      sharedWithAudit: true,
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
    if (working.sharedWithAudit) {
      // The 'create' entry keeps the contact as it was made; the rows themselves are shared,
      // as they never change (their ids are handed out at the end, for both).
      const { contact, collections } = working.snapshot;
      working.snapshot = {
        contact: { ...contact },
        collections: Object.fromEntries(
          collectionTables.map((table) => [table, [...collections[table]]]),
        ) as unknown as ContactSnapshot['collections'],
      };
      working.sharedWithAudit = false;
    }
    const { contact, collections } = working.snapshot;
    for (const { field, before, after } of changes.fields) {
      this.audit.push({
        kind: 'done',
        entry: {
          contactId: target,
          entity: 'contact',
          entityId: target,
          action: 'update',
          field,
          before: json(before),
          after: json(after),
        },
      });
      (contact as Record<ContactFieldName, string | null>)[field] = after;
      working.changedFields.add(field);
    }
    for (const { old, addition } of changes.replacements) {
      this.audit.push({ kind: 'remove', contactId: target, table: addition.table, row: old });
      collections[addition.table] = collections[addition.table].filter((row) => row !== old);
      this.removed.set(old, addition.table);
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
   * A collection row added to a contact (its id is handed out at the end); a merge's row is
   * audited as 'add' with the row (a new contact's rows are in its 'create' entry).
   */
  private newRow(contactId: number, addition: CollectionAddition, audited: boolean): CollectionRow {
    const row: CollectionRow = {
      id: unassigned,
      contact_id: contactId,
      created_by_job_id: this.job.id,
      ...addition.values,
    };
    const rows = this.added.get(addition.table) ?? [];
    this.added.set(addition.table, rows);
    rows.push(row);
    this.addedRows.add(row);
    if (audited) this.audit.push({ kind: 'add', contactId, table: addition.table, row });
    return row;
  }

  /** Hands out the ids of the rows this batch added, in the order it added them. */
  private async assignRowIds(): Promise<void> {
    for (const [table, rows] of this.added) {
      await this.unit.ids.reserve(table, rows.length);
      for (const row of rows) row.id = this.unit.ids.take(table);
    }
  }
}

/** A new contact's collections, in collectionTables' order (the 'create' audit entry keeps it). */
function emptyCollections(): Record<CollectionTable, CollectionRow[]> {
  return {
    contact_legacy_keys: [],
    contact_addresses: [],
    contact_communications: [],
    contact_notes: [],
    contact_categories: [],
    contact_field_values: [],
  };
}

/** The audit row, its JSON written now that every row it names has its id. */
function auditEntry(pending: PendingAudit): AuditEntry {
  switch (pending.kind) {
    case 'done':
      return pending.entry;
    case 'create':
      return {
        contactId: pending.contactId,
        entity: 'contact',
        entityId: pending.contactId,
        action: 'create',
        field: null,
        before: null,
        after: JSON.stringify(pending.created),
      };
    case 'add':
    case 'remove': {
      const row = JSON.stringify(pending.row);
      return {
        contactId: pending.contactId,
        entity: pending.table,
        entityId: pending.row.id,
        action: pending.kind,
        field: null,
        before: pending.kind === 'remove' ? row : null,
        after: pending.kind === 'add' ? row : null,
      };
    }
  }
}
