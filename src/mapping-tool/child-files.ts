/**
 * The child files a wide contact file is split into: its phone, email, fax and web columns
 * become rows of a communication file, its address columns rows of an address file, and so on.
 * Each derived row keeps the line of the contact it came from ("Source Line") and the group of
 * columns it came from ("Source Group", e.g. "phone/mobile"), so every problem found in it can
 * be traced back to the original file, line and column.
 */
import {
  addressTypes as addressCodes,
  type ChildDataType,
  communicationTypes as communicationCodes,
} from '../format/attributes.js';
import { type ChildKind, type ChildTarget, childDataTypeOf, parseChildTarget } from './column-target.js';
import type { FilePlan } from './mapping-plan.js';

export const SOURCE_LINE_COLUMN = 'Source Line';
export const SOURCE_GROUP_COLUMN = 'Source Group';
export const CONTACT_KEY_COLUMN = 'Contact Key';

/** Header column of a derived file → the attribute it feeds. */
const derivedColumns: Record<ChildDataType, Record<string, string>> = {
  communication: { Channel: 'channel', Type: 'type', Value: 'value', Primary: 'isPrimary' },
  address: {
    Type: 'type',
    Street: 'street',
    'Street 2': 'street2',
    City: 'city',
    State: 'state',
    'Postal Code': 'postalCode',
    Country: 'country',
    Primary: 'isPrimary',
  },
  note: { Subject: 'subject', Text: 'text', Date: 'date' },
  category: { Category: 'category' },
  customField: { Field: 'field', Value: 'value' },
};

const fileSuffix: Record<ChildDataType, string> = {
  communication: 'communications',
  address: 'addresses',
  note: 'notes',
  category: 'categories',
  customField: 'fields',
};

const addressTypes = new Set<string>(addressCodes);
const communicationTypes = new Set<string>(communicationCodes);
/** Groups named after what they are rather than a type code ("phone/car", "phone/home2"). */
const groupTypes: Record<string, string> = { car: 'other', pager: 'other', main: 'business', primary: '' };

/** The type a group's name implies: "home2" is a home phone, "car" an other one. */
function typeOfGroup(group: string, codes: ReadonlySet<string>): string | undefined {
  const base = group.replace(/\d+$/, '');
  if (codes.has(base)) return base;
  return groupTypes[base] || undefined;
}

export interface ChildGroup {
  kind: ChildKind;
  group: string;
  /** attribute → source column index */
  columns: Map<string, number>;
}

export interface ChildFile {
  name: string;
  dataType: ChildDataType;
  header: string[];
  groups: ChildGroup[];
  /** Derived column name → lookup table (union of the source columns' lookups). */
  lookups: Map<string, Record<string, string>>;
  dateFormat: string;
  /** One derived row per group with a value, for a source row (values by header position). */
  rowsFor(values: readonly string[], key: string, line: number): string[][];
}

/** The child files of a file plan, empty when no column has a child target. */
export function childFilesOf(plan: FilePlan, header: readonly string[]): ChildFile[] {
  const groups = new Map<string, ChildGroup & { targets: ChildTarget[] }>();
  const lookups = new Map<ChildDataType, Map<string, Record<string, string>>>();
  const dateFormats = new Map<ChildDataType, string>();
  for (const column of plan.columns) {
    const target = parseChildTarget(column.target);
    const index = header.indexOf(column.column);
    if (!target || index === -1) continue;
    const id = `${target.kind}/${target.group}`;
    const group = groups.get(id) ?? {
      kind: target.kind,
      group: target.group,
      columns: new Map(),
      targets: [],
    };
    group.columns.set(target.attribute, index);
    groups.set(id, group);
    const dataType = childDataTypeOf(target.kind);
    const derived = Object.entries(derivedColumns[dataType]).find(
      ([, attribute]) => attribute === target.attribute,
    )?.[0];
    if (column.lookup && derived) {
      const tables = lookups.get(dataType) ?? new Map<string, Record<string, string>>();
      tables.set(derived, { ...tables.get(derived), ...column.lookup });
      lookups.set(dataType, tables);
    }
    if (column.dateFormat) dateFormats.set(dataType, column.dateFormat);
  }
  const byType = new Map<ChildDataType, ChildGroup[]>();
  for (const group of groups.values()) {
    const dataType = childDataTypeOf(group.kind);
    byType.set(dataType, [...(byType.get(dataType) ?? []), group]);
  }
  const stem = plan.file.replace(/\.[^./]+$/, '');
  return [...byType.entries()].map(([dataType, typeGroups]) => {
    const columns = derivedColumns[dataType];
    const header = [CONTACT_KEY_COLUMN, ...Object.keys(columns), SOURCE_LINE_COLUMN, SOURCE_GROUP_COLUMN];
    return {
      name: `${stem}.${fileSuffix[dataType]}.csv`,
      dataType,
      header,
      groups: typeGroups,
      lookups: lookups.get(dataType) ?? new Map(),
      dateFormat: dateFormats.get(dataType) ?? plan.dateFormat,
      rowsFor: (values, key, line) =>
        typeGroups.flatMap((group) =>
          rowsOfGroup(
            group,
            columns,
            values,
            plan.dataType === 'company' ? 'business' : 'home',
            lookups.get(dataType)?.get('Type'),
          ).map((row) => [key, ...row, String(line), `${group.kind}/${group.group}`]),
        ),
    };
  });
}

function rowsOfGroup(
  group: ChildGroup,
  columns: Record<string, string>,
  values: readonly string[],
  mainAddressType: string,
  typeLookup?: Record<string, string>,
): string[][] {
  const value = (attribute: string) => {
    const index = group.columns.get(attribute);
    return index === undefined ? '' : (values[index] ?? '').trim();
  };
  const implied: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  if (group.kind === 'address') {
    // "main" is the contact's only address: home for people, business for companies.
    const type = group.group === 'main' ? mainAddressType : typeOfGroup(group.group, addressTypes);
    if (type) implied.type = type;
    // "Hauptstraße" + "12" or "12" + "Main St": in the order the columns have in the file.
    const number = value('streetNumber');
    if (number !== '') {
      const numberFirst = (group.columns.get('streetNumber') ?? 0) < (group.columns.get('street') ?? 0);
      const street = value('street');
      overrides.street = street === '' ? number : numberFirst ? `${number} ${street}` : `${street} ${number}`;
    }
  } else if (group.kind !== 'note' && group.kind !== 'category') {
    implied.channel = group.kind === 'fax' ? 'fax' : group.kind;
    const type = typeOfGroup(group.group, communicationTypes);
    if (type) implied.type = type;
    const rawType = value('type');
    if (rawType !== '') {
      // Google's "Work Fax", "Home Fax" in a phone group: the number is a fax.
      if (/\b(fax|telefax|telecopie)\b/i.test(rawType.normalize('NFD').replace(/[\u0300-\u036f]/g, '')))
        overrides.channel = 'fax';
      // A type the lookup cannot translate ("SMTP", a custom label) leaves the row without a type
      // rather than refusing it: the number or address is what matters.
      const table = new Map(
        Object.entries(typeLookup ?? {}).map(([from, to]) => [from.trim().toLowerCase(), to]),
      );
      const code = rawType.toLowerCase();
      const translated = communicationTypes.has(code) ? code : table.get(code);
      overrides.type = translated ?? implied.type ?? '';
    }
  }
  const row = (extra: Record<string, string>) =>
    Object.values(columns).map(
      (attribute) =>
        extra[attribute] ?? overrides[attribute] ?? (value(attribute) || implied[attribute] || ''),
    );
  if (group.kind === 'category') {
    // "Client; VIP", Google's "* myContacts ::: Friends" (starred groups are the system's own).
    return splitCategories(value('category')).map((name) => row({ category: name }));
  }
  // An address is made by a street, a city or a postal code (the importer's rule): a state or a
  // country alone (HubSpot's "Country/Region" of a contact without address) makes no row.
  const content: Record<string, readonly string[]> = {
    address: ['street', 'streetNumber', 'street2', 'city', 'postalCode'],
    note: ['text', 'subject'],
  };
  const needed = content[group.kind] ?? ['value'];
  return needed.some((attribute) => value(attribute) !== '') ? [row({})] : [];
}

export function derivedAttributes(dataType: ChildDataType): Record<string, string> {
  return derivedColumns[dataType];
}

/** The child files a plan's wide files are split into, by name, without reading the files. */
export function derivedFilesOf(plan: { files: readonly FilePlan[] }): { file: string; source: string }[] {
  return plan.files.flatMap((filePlan) => {
    const stem = filePlan.file.replace(/\.[^./]+$/, '');
    const types = new Set(
      filePlan.columns.flatMap((column) => {
        const target = parseChildTarget(column.target);
        return target ? [childDataTypeOf(target.kind)] : [];
      }),
    );
    return [...types].map((type) => ({ file: `${stem}.${fileSuffix[type]}.csv`, source: filePlan.file }));
  });
}

/** "Client; VIP", "Client | VIP", Google's "* myContacts ::: Friends" (starred groups are the system's own). */
export function splitCategories(text: string): string[] {
  return (
    text
      .split(/\s*(?::::|;|\||",")\s*/)
      // Mailchimp writes its tags quoted: "Newsletter","VIP".
      .map((name) =>
        name
          .trim()
          .replace(/^"+|"+$/g, '')
          .trim(),
      )
      .filter((name) => name !== '' && !name.startsWith('*'))
  );
}
