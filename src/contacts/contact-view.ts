/**
 * Contacts as every shell shows them (API and CLI): camel-case, booleans as booleans, and the
 * one-line summary lists and searches return.
 */

import { displayNameOf } from '../db/contact-values.js';
import type {
  ContactCollections,
  ContactRecord,
  ContactSummaryRow,
} from '../db/repositories/contacts.repository.js';

export interface ContactSummary {
  id: number;
  kind: 'person' | 'company';
  displayName: string;
  email: string | null;
  phone: string | null;
  ownerUserName: string;
}

export interface ContactAddress {
  id: number;
  type: string | null;
  street: string | null;
  street2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  isPrimary: boolean | null;
}

export interface ContactCommunication {
  id: number;
  channel: string;
  type: string | null;
  value: string;
  isPrimary: boolean | null;
}

export interface ContactNote {
  id: number;
  subject: string | null;
  text: string;
  date: string | null;
}

export interface ContactFieldValue {
  id: number;
  scope: 'custom' | 'user';
  field: string;
  value: string;
}

export interface ContactLegacyKey {
  id: number;
  legacyKey: string;
  source: string;
}

/** A contact with its collections: the summary's fields, then everything else. */
export interface Contact extends ContactSummary {
  title: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  preferredName: string | null;
  suffix: string | null;
  birthDate: string | null;
  companyName: string | null;
  position: string | null;
  industry: string | null;
  status: string | null;
  createdAt: string;
  updatedAt: string;
  addresses: ContactAddress[];
  communications: ContactCommunication[];
  categories: string[];
  notes: ContactNote[];
  fieldValues: ContactFieldValue[];
  legacyKeys: ContactLegacyKey[];
}

export interface ContactHistoryEntry {
  id: number;
  /** 'contact' for the contact's own fields, else the collection's table. */
  entity: string;
  entityId: number | null;
  action: 'create' | 'update' | 'add' | 'remove' | 'delete';
  field: string | null;
  before: unknown;
  after: unknown;
  changedAt: string;
  /** Who changed it by hand; null for an import's change (see jobId). */
  userName: string | null;
  jobId: number | null;
}

const flag = (value: number | null): boolean | null => (value === null ? null : value === 1);

export function toContactSummary(
  row: ContactSummaryRow,
  main: { email: string | null; phone: string | null } | undefined,
): ContactSummary {
  return {
    id: row.id,
    kind: row.kind,
    displayName: displayNameOf(row),
    email: main?.email ?? null,
    phone: main?.phone ?? null,
    ownerUserName: row.owner_user_name,
  };
}

/** The email or phone a summary shows: the primary one, else the first entered. */
function mainValue(collections: ContactCollections, channel: string): string | null {
  const candidates = collections.communications.filter((communication) => communication.channel === channel);
  return (candidates.find((communication) => communication.is_primary === 1) ?? candidates[0])?.value ?? null;
}

export function toContact(row: ContactRecord, collections: ContactCollections): Contact {
  return {
    id: row.id,
    kind: row.kind,
    displayName: displayNameOf(row),
    email: mainValue(collections, 'email'),
    phone: mainValue(collections, 'phone'),
    ownerUserName: row.owner_user_name,
    title: row.title,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    preferredName: row.preferred_name,
    suffix: row.suffix,
    birthDate: row.birth_date,
    companyName: row.company_name,
    position: row.position,
    industry: row.industry,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    addresses: collections.addresses.map((address) => ({
      id: address.id,
      type: address.type,
      street: address.street,
      street2: address.street2,
      city: address.city,
      state: address.state,
      postalCode: address.postal_code,
      country: address.country,
      isPrimary: flag(address.is_primary),
    })),
    communications: collections.communications.map((communication) => ({
      id: communication.id,
      channel: communication.channel,
      type: communication.type,
      value: communication.value,
      isPrimary: flag(communication.is_primary),
    })),
    categories: collections.categories.map((category) => category.category),
    notes: collections.notes.map((note) => ({
      id: note.id,
      subject: note.subject,
      text: note.text,
      date: note.date,
    })),
    fieldValues: collections.fieldValues.map((value) => ({
      id: value.id,
      scope: value.scope,
      field: value.field,
      value: value.value,
    })),
    legacyKeys: collections.legacyKeys.map((key) => ({
      id: key.id,
      legacyKey: key.legacy_key,
      source: key.source,
    })),
  };
}
