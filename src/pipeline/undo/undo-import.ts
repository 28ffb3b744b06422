/**
 * Undo of a completed import, from its audit trail: contacts it created are deleted, fields it
 * merged get their previous value back, collection entries it added are removed (and those it
 * replaced restored), its list goes, and blocking keys and sort names are recomputed.
 *
 * All or nothing: when anything the import wrote was changed again since (a field whose value is
 * no longer what the import set, an entry edited since, a created contact edited or given new
 * entries), nothing is undone and UNDO_CONFLICT names every contact and field in the way.
 */
import { nameColumnsOf } from '../../db/contact-values.js';
import {
  type CollectionRow,
  type CollectionTable,
  type ContactFieldName,
  type ContactSnapshot,
  contactFieldNames,
} from '../../db/repositories/contact-records.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { ContactWriteUnit } from '../../db/repositories/processing.repository.js';
import type { ImportJobRow } from '../../db/schema.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { matchIndexOfSnapshot } from '../process/contact-match-profile.js';

export interface UndoConflict {
  contactId: number;
  contactName: string;
  field: string;
  reason: string;
}

export interface UndoResult {
  contactsDeleted: number;
  contactsRestored: number;
  entriesRemoved: number;
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export async function undoImport(
  job: ImportJobRow,
  repositories: Repositories,
  userId: number,
  now = new Date(),
): Promise<UndoResult> {
  const audit = { jobId: job.id, userId, now: now.toISOString() };
  return repositories.processing.inTransaction(audit, async (unit) => {
    const trail = (await unit.auditTrail(job.id)).filter((row) => row.action !== 'delete');
    const created = new Set(trail.filter((row) => row.action === 'create').map((row) => row.contact_id));
    const snapshots = await unit.snapshots([...new Set(trail.map((row) => row.contact_id))]);
    const conflicts: UndoConflict[] = [];
    const conflict = (contactId: number, field: string, reason: string) =>
      conflicts.push({ contactId, contactName: nameOf(snapshots.get(contactId)), field, reason });

    // Field updates of merged contacts: the first before value comes back, if the last after
    // value is still there.
    const fieldUpdates = new Map<number, Map<ContactFieldName, { before: unknown; after: unknown }>>();
    for (const row of trail) {
      if (row.action !== 'update' || created.has(row.contact_id) || !row.field) continue;
      const fields = fieldUpdates.get(row.contact_id) ?? new Map();
      fieldUpdates.set(row.contact_id, fields);
      const field = row.field as ContactFieldName;
      const earlier = fields.get(field);
      fields.set(field, {
        before: earlier ? earlier.before : parse(row.before_value),
        after: parse(row.after_value),
      });
    }
    for (const [contactId, fields] of fieldUpdates) {
      const snapshot = snapshots.get(contactId);
      if (!snapshot) continue;
      for (const [field, change] of fields) {
        const current = snapshot.contact[field];
        if (current !== change.after) {
          conflict(contactId, field, `is now ${show(current)}; the import set it to ${show(change.after)}`);
        }
      }
    }

    // Collection entries of merged contacts.
    const entryChanges: Array<{ table: CollectionTable; action: 'add' | 'remove'; row: CollectionRow }> = [];
    for (const row of trail) {
      if ((row.action !== 'add' && row.action !== 'remove') || created.has(row.contact_id)) continue;
      const table = row.entity as CollectionTable;
      if (row.action === 'add') {
        const added = parse(row.after_value) as CollectionRow;
        const current = await unit.currentRow(table, added.id);
        if (!current) continue;
        if (!sameRow(current, added))
          conflict(row.contact_id, table, `entry ${added.id} was changed since the import`);
        entryChanges.push({ table, action: 'add', row: added });
      } else {
        entryChanges.push({ table, action: 'remove', row: parse(row.before_value) as CollectionRow });
      }
    }

    // Contacts the import created go, unless someone changed them since.
    for (const contactId of created) {
      const snapshot = snapshots.get(contactId);
      if (!snapshot) continue;
      const createRow = trail.find((row) => row.action === 'create' && row.contact_id === contactId)!;
      const expected = expectedCreatedState(
        createRow.after_value,
        trail.filter((row) => row.contact_id === contactId),
      );
      for (const field of contactFieldNames) {
        if (snapshot.contact[field] !== expected[field]) {
          conflict(
            contactId,
            field,
            `is now ${show(snapshot.contact[field])}; the import set it to ${show(expected[field])}`,
          );
        }
      }
      for (const [table, rows] of Object.entries(snapshot.collections)) {
        if (rows.some((entry) => entry.created_by_job_id !== job.id)) {
          conflict(contactId, table, 'has entries added since the import');
        }
      }
    }

    if (conflicts.length > 0) {
      const shown = conflicts
        .slice(0, 10)
        .map((c) => `contact ${c.contactId} "${c.contactName}": ${c.field} ${c.reason}`)
        .join('; ');
      const more = conflicts.length > 10 ? ` (and ${conflicts.length - 10} more)` : '';
      throw new DovetailError(
        'UNDO_CONFLICT',
        `Import process ${job.id} cannot be undone: ${conflicts.length} change${conflicts.length === 1 ? ' was' : 's were'} made since it completed — ${shown}${more}. Nothing was undone.`,
      );
    }

    let entriesRemoved = 0;
    for (const change of entryChanges.reverse()) {
      if (change.action === 'add') {
        await unit.removeRow(change.table, change.row);
        entriesRemoved += 1;
      } else if (!(await unit.currentRow(change.table, change.row.id))) {
        await unit.restoreRow(change.table, change.row);
      }
    }
    for (const [contactId, fields] of fieldUpdates) {
      const snapshot = snapshots.get(contactId);
      if (!snapshot) continue;
      const restored = { ...snapshot.contact };
      const changes = [...fields].map(([field, change]) => {
        (restored as Record<string, unknown>)[field] = change.before;
        return { field, before: change.after as string | null, after: change.before as string | null };
      });
      await unit.updateFields(contactId, changes, nameColumnsOf(restored));
    }
    await unit.deleteContacts([...created].flatMap((id) => snapshots.get(id) ?? []));
    await refreshMergedKeys(
      unit,
      [...snapshots.keys()].filter((id) => !created.has(id)),
    );
    await unit.finishUndo(job.id, job.contact_list_id);
    return {
      contactsDeleted: [...created].filter((id) => snapshots.has(id)).length,
      contactsRestored: [...snapshots.keys()].filter((id) => !created.has(id)).length,
      entriesRemoved,
    };
  });
}

/** A created contact's fields as the import left them: the create, then this job's later merges. */
function expectedCreatedState(
  createJson: string | null,
  rows: ReadonlyArray<{ action: string; field: string | null; after_value: string | null }>,
) {
  const created = parse(createJson) as ContactSnapshot;
  const fields = { ...created.contact } as Record<string, unknown>;
  for (const row of rows)
    if (row.action === 'update' && row.field) fields[row.field] = parse(row.after_value);
  return fields;
}

async function refreshMergedKeys(unit: ContactWriteUnit, contactIds: number[]): Promise<void> {
  const snapshots = await unit.snapshots(contactIds);
  for (const snapshot of snapshots.values()) {
    await unit.replaceMatchIndex(snapshot.contact.id, matchIndexOfSnapshot(snapshot));
  }
}

function sameRow(current: CollectionRow, recorded: CollectionRow): boolean {
  return Object.keys(recorded).every((key) => (current[key] ?? null) === (recorded[key] ?? null));
}

function show(value: unknown): string {
  return value === null || value === undefined ? 'empty' : `"${String(value)}"`;
}

function nameOf(snapshot: ContactSnapshot | undefined): string {
  if (!snapshot) return '';
  const { contact } = snapshot;
  return contact.kind === 'company'
    ? (contact.company_name ?? '')
    : [contact.first_name, contact.last_name].filter(Boolean).join(' ');
}
