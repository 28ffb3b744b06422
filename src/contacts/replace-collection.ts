import type {
  CollectionName,
  ContactCollections,
  ContactsRepository,
} from '../db/repositories/contacts.repository.js';
import { type AuditTrail, contentKey } from './contact-audit.js';
import type { CollectionRows } from './contact-input.js';

/** Keeps the entries that stay, removes the others and adds the new ones, recording each. */
export async function replaceCollection<N extends CollectionName>(
  contacts: ContactsRepository,
  contactId: number,
  name: N,
  collections: ContactCollections,
  wanted: NonNullable<CollectionRows[N]>,
  audit: AuditTrail,
): Promise<void> {
  const remaining = new Map<string, number>();
  for (const row of wanted) remaining.set(contentKey(row), (remaining.get(contentKey(row)) ?? 0) + 1);
  const kept: ContactCollections[N][number][] = [];
  const removed: ContactCollections[N][number][] = [];
  for (const row of collections[name]) {
    const key = contentKey(row);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      kept.push(row);
    } else removed.push(row);
  }
  const added = wanted.filter((row) => {
    const key = contentKey(row);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return false;
    remaining.set(key, left - 1);
    return true;
  });
  await contacts.deleteCollectionRows(
    name,
    removed.map((row) => row.id),
  );
  for (const row of removed) audit.removed(name, row);
  const inserted = await contacts.insertCollectionRows(name, contactId, added as never);
  for (const row of inserted) audit.added(name, row);
  (collections as Record<CollectionName, unknown>)[name] = [...kept, ...inserted];
}
