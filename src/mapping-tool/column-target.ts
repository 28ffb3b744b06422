/**
 * What a column of a legacy CSV can feed. Most columns feed an attribute of the file's own data
 * type ("lastName", "custom.Industry"). Wide exports (Outlook, Google Contacts, one-sheet CRM
 * dumps) also hold a contact's phones, emails, addresses, notes and categories in columns of the
 * contact row; those columns get a *child target* and the package builder moves them into
 * child files of their own, because a mapping file describes one data type.
 *
 * Child targets are written `<kind>/<group>.<attribute>`: `phone/mobile.value` (the mobile phone),
 * `address/business.street`, `email/2.value`, `note/1.text`, `category/1.category`. Columns
 * with the same kind and group make one child row; a group named after a type code (home,
 * business, mobile, mailing, other) gives the row that type.
 */
import type { ChildDataType } from '../format/attributes.js';

export const childKinds = ['phone', 'fax', 'email', 'web', 'address', 'note', 'category'] as const;
export type ChildKind = (typeof childKinds)[number];

export interface ChildTarget {
  kind: ChildKind;
  group: string;
  attribute: string;
}

/** The role of a column that is not an attribute: the key of the row or of its contact. */
export const KEY_TARGET = '(key)';
export const PARENT_KEY_TARGET = '(parentKey)';

const childPattern = /^(phone|fax|email|web|address|note|category)\/([^.]+)\.(\w+)$/;

export function parseChildTarget(target: string): ChildTarget | undefined {
  const match = childPattern.exec(target);
  if (!match) return undefined;
  return { kind: match[1] as ChildKind, group: match[2]!, attribute: match[3]! };
}

export function childTarget(kind: ChildKind, group: string, attribute: string): string {
  return `${kind}/${group}.${attribute}`;
}

/** The data type of the child file a kind of child target lands in. */
export function childDataTypeOf(kind: ChildKind): ChildDataType {
  if (kind === 'address' || kind === 'note' || kind === 'category') return kind;
  return 'communication';
}

/** The attributes a child kind takes. */
export const childAttributes: Record<ChildKind, readonly string[]> = {
  phone: ['value', 'type', 'isPrimary'],
  fax: ['value', 'type'],
  email: ['value', 'type', 'isPrimary'],
  web: ['value', 'type'],
  address: [
    'type',
    'street',
    'streetNumber',
    'street2',
    'city',
    'state',
    'postalCode',
    'country',
    'isPrimary',
  ],
  note: ['subject', 'text', 'date'],
  category: ['category'],
};
