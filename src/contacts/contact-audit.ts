/**
 * The audit trail a change by a person writes (job_id null, user_id set), in the format every
 * writer shares (see CONTRACTS): 'create'/'delete' carry the whole contact with its collections,
 * 'update' one changed field, 'add'/'remove' one collection row.
 */
import type { Insertable } from 'kysely';
import type { CollectionName, ContactCollections } from '../db/repositories/contacts.repository.js';
import { type ContactAuditTable, type ContactRow, contactCollectionTables } from '../db/schema.js';

export type AuditRow = Insertable<ContactAuditTable>;

/**
 * What create and delete record: `{ contact, collections }` with the collections by table name,
 * the snapshot Process writes and Undo reads.
 */
export function contactSnapshot(contact: ContactRow, collections: ContactCollections): string {
  const { owner_user_name: _owner, ...row } = contact as ContactRow & { owner_user_name?: string };
  const byTable: Record<string, unknown> = {};
  for (const [name, table] of Object.entries(contactCollectionTables)) {
    byTable[table] = collections[name as CollectionName];
  }
  return JSON.stringify({ contact: row, collections: byTable });
}

export class AuditTrail {
  readonly rows: AuditRow[] = [];
  private readonly changedAt = new Date().toISOString();

  constructor(
    private readonly contactId: number,
    private readonly userId: number,
  ) {}

  private push(row: Omit<AuditRow, 'contact_id' | 'job_id' | 'user_id' | 'changed_at'>): void {
    this.rows.push({
      contact_id: this.contactId,
      job_id: null,
      user_id: this.userId,
      changed_at: this.changedAt,
      ...row,
    });
  }

  created(snapshot: string): void {
    this.push({ entity: 'contact', entity_id: this.contactId, action: 'create', after_value: snapshot });
  }

  deleted(snapshot: string): void {
    this.push({ entity: 'contact', entity_id: this.contactId, action: 'delete', before_value: snapshot });
  }

  updated(field: string, before: unknown, after: unknown): void {
    this.push({
      entity: 'contact',
      entity_id: this.contactId,
      action: 'update',
      field,
      before_value: JSON.stringify(before ?? null),
      after_value: JSON.stringify(after ?? null),
    });
  }

  added(name: CollectionName, row: { id: number }): void {
    this.push({
      entity: contactCollectionTables[name],
      entity_id: row.id,
      action: 'add',
      after_value: JSON.stringify(row),
    });
  }

  removed(name: CollectionName, row: { id: number }): void {
    this.push({
      entity: contactCollectionTables[name],
      entity_id: row.id,
      action: 'remove',
      before_value: JSON.stringify(row),
    });
  }
}

const rowKeyColumns = new Set(['id', 'contact_id', 'created_by_job_id']);

/** A collection row's own content, so that an unchanged entry is kept rather than replaced. */
export function contentKey(row: object): string {
  return JSON.stringify(
    Object.entries(row)
      .filter(([column]) => !rowKeyColumns.has(column))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
