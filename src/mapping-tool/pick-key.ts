/**
 * The legacy key column of a contact file, or the column naming the contact of a child file's
 * rows: an id-like header ("ID", "Contact ID", "N° client", "CUST_NO", "Donor #"), unique values
 * for contact keys and repeated ones for parent keys; address books without ids use an email
 * that is on every row and different on each.
 */
import { type DataType, isContactDataType } from '../format/attributes.js';
import { idHeader } from './header-words.js';
import type { CsvProfile } from './profile-csv.js';

export interface KeyPick {
  column: string;
  confidence: number;
  reason: string;
  /** The key column also feeds an attribute (an email used as the key). */
  alsoMapped?: boolean;
}

/** The legacy key (contact files) or the contact's key (child files). */
export function pickKey(profile: CsvProfile, dataType: DataType): KeyPick | undefined {
  const contact = isContactDataType(dataType);
  const ids = profile.columns
    .map((column) => ({ column, id: idHeader(column.column) }))
    .filter((entry) => entry.id.isId);
  if (contact) {
    const childOwners = new Set(['parent', 'owner']);
    const candidates = ids.filter((entry) => !entry.id.owner || !childOwners.has(entry.id.owner));
    const pick = candidates.find((entry) => entry.column.unique) ?? candidates[0];
    if (pick) {
      return {
        column: pick.column.column,
        confidence: pick.column.unique ? 0.9 : 0.6,
        reason: `"${pick.column.column}" names an id${pick.column.unique ? ' and every value is different' : ', but some values repeat'}`,
      };
    }
    // Address books (Outlook, Google) have no id: an email on every row, all different, is the key.
    const email = profile.columns.find(
      (column) => column.shapes.email >= 0.99 && column.unique && column.nonEmpty === profile.rowsProfiled,
    );
    if (email && profile.rowsProfiled > 0) {
      return {
        column: email.column,
        confidence: 0.6,
        reason: `no id column: "${email.column}" has an email on every row, all different`,
        alsoMapped: true,
      };
    }
    const first = profile.columns[0];
    if (first?.unique && first.shapes.text < 0.5) {
      return {
        column: first.column,
        confidence: 0.5,
        reason: 'the first column has a different value on every row',
      };
    }
    return undefined;
  }
  const owned = ids.filter((entry) => entry.id.owner !== undefined);
  const pick =
    owned.find((entry) => !entry.column.unique) ??
    owned[0] ??
    ids.find((entry) => !entry.column.unique) ??
    (ids.length === 1 ? ids[0] : undefined);
  if (pick) {
    return {
      column: pick.column.column,
      confidence: pick.id.owner ? 0.9 : 0.7,
      reason: `"${pick.column.column}" names the ${pick.id.owner ?? 'record'} the row belongs to`,
    };
  }
  return undefined;
}
