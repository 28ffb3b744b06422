/**
 * The legacy key column of a contact file, or the column naming the contact of a child file's
 * rows: an id-like header ("ID", "Contact ID", "N° client", "CUST_NO", "Donor #"), unique values
 * for contact keys and repeated ones for parent keys; address books without ids use an email
 * that is on every row and different on each.
 */
import { type DataType, isContactDataType } from '../format/attributes.js';
import { headerWords, type IdHeader, idHeader } from './header-words.js';
import type { ColumnProfile, CsvProfile } from './profile-csv.js';

const childOwners = new Set(['parent', 'owner']);

export interface KeyPick {
  column: string;
  confidence: number;
  reason: string;
  /** The key column also feeds an attribute (an email used as the key). */
  alsoMapped?: boolean;
}

/** Values that only an id has: GUIDs, Salesforce-style ids, "zcrm_…", "base.res_partner_12". */
const idValue =
  /^(\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?|[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}|[a-z]+[._][\w.]*\d+)$/i;
/** Headers that look like ids but never identify the contact. */
const notKeyWords =
  /\b(checksum|hash|version|modified|created|owner|parent|master|reports|campaign|assigned|government|tax|vat|messenger|skype|social|insurance|passport|license)\b/;
/** On a person file, the id of the person's account or company is not the person's key. */
const organisationWords = /\b(account|company|org|organization|organisation|societe|firm)\b/;

/**
 * The legacy key (contact files) or the contact's key (child files). A contact key must be
 * filled and different on every row read: an empty or repeated key would refuse rows
 * (ROW_MISSING_KEY, ROW_DUPLICATE_KEY), so no such column is suggested and the package gets a
 * generated key instead. A file without rows can only be judged by its header: then only a
 * column that names the record's own id ("ID", "Record ID", "Contact ID") is taken.
 */
export function pickKey(profile: CsvProfile, dataType: DataType): KeyPick | undefined {
  const contact = isContactDataType(dataType);
  const ids = profile.columns
    .map((column) => ({ column, id: idHeader(column.column) }))
    .filter((entry) => entry.id.isId);
  if (contact) {
    const rows = profile.rowsProfiled - profile.malformedRows;
    const filledAndUnique = (column: ColumnProfile) => rows > 0 && column.unique && column.nonEmpty === rows;
    const ownerOk = (entry: { column: ColumnProfile; id: IdHeader }) =>
      !notKeyWords.test(headerWords(entry.column.column)) &&
      !(dataType === 'person' && organisationWords.test(headerWords(entry.column.column))) &&
      (!entry.id.owner || !childOwners.has(entry.id.owner));
    const named = ids.filter(ownerOk);
    const pick =
      rows > 0
        ? named.find((entry) => filledAndUnique(entry.column))
        : named.find(
            (entry) =>
              entry.id.owner !== undefined ||
              /^(id|key|uid|guid|pk)$/.test(headerWords(entry.column.column).replace(/ /g, '')),
          );
    if (pick) {
      return {
        column: pick.column.column,
        confidence: rows > 0 ? 0.9 : 0.6,
        reason:
          rows > 0
            ? `"${pick.column.column}" names an id and is filled and different on every row read`
            : `"${pick.column.column}" names the record's id (no rows to check it against)`,
      };
    }
    // Exports that do not say "id": a column of GUIDs or system ids ("(Do Not Modify) Contact").
    const byValues = profile.columns.find(
      (column) =>
        filledAndUnique(column) &&
        !notKeyWords.test(headerWords(column.column)) &&
        column.shapes.email === 0 &&
        column.shapes.phone < 0.5 &&
        column.samples.every((value) => idValue.test(value) && /\d/.test(value) && /[a-z_]/i.test(value)),
    );
    if (byValues) {
      return {
        column: byValues.column,
        confidence: 0.7,
        reason: `"${byValues.column}" holds system ids (like "${byValues.samples[0]}"), filled and different on every row`,
      };
    }
    // Address books (Outlook, Google) have no id: an email on every row, all different, is the key.
    const email = profile.columns.find(
      (column) => column.shapes.email >= 0.99 && filledAndUnique(column) && rows > 0,
    );
    if (email) {
      return {
        column: email.column,
        confidence: 0.6,
        reason: `no id column: "${email.column}" has an email on every row, all different`,
        alsoMapped: true,
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
