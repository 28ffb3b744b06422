/** Staged contacts, suggestions and existing contacts as every shell (API, CLI, UI) shows them. */
import { displayNameOf } from '../../db/contact-values.js';
import { type ContactSnapshot, contactFieldNames } from '../../db/repositories/contact-records.js';
import type { StagedProfile } from '../../db/repositories/staged-records.js';
import type { MatchBand, StagedContactAction, StagedContactRow, StagedMatchRow } from '../../db/schema.js';
import { attributeCatalog } from '../../format/attributes.js';

const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The contact fields by their API names (firstName …) and back. */
export const apiFieldNames = contactFieldNames.map(camel);
export const columnOfApiField = (name: string): string => snake(name);
export const apiFieldOfColumn = camel;

export type ContactFieldValues = Record<string, string | null>;

/**
 * What a staged contact became: still to be processed (pending), created, merged, discarded by
 * its action, not processed (discarded by Complete Import without a decision), or undone (its
 * created or merged contact was reverted by Undo Import).
 */
export const stagedOutcomes = [
  'pending',
  'created',
  'merged',
  'discarded',
  'notProcessed',
  'undone',
] as const;
export type StagedOutcome = (typeof stagedOutcomes)[number];

/** The outcome of a staged contact from its row, and whether its import was undone since. */
export function stagedOutcomeOf(
  row: Pick<StagedContactRow, 'processed_at' | 'action' | 'result_contact_id'>,
  importUndone: boolean,
): StagedOutcome {
  if (row.processed_at === null) return 'pending';
  if (row.action === null) return 'notProcessed';
  // A create or merge that made no contact (it failed its merge rule) discarded the row.
  if (row.action === 'discard' || row.result_contact_id === null) return 'discarded';
  if (importUndone) return 'undone';
  return row.action === 'create' ? 'created' : 'merged';
}

export interface StagedContactSummary {
  id: number;
  legacyKey: string;
  kind: 'person' | 'company';
  name: string;
  fields: ContactFieldValues;
  source: { file: string; line: number };
  match: {
    contactId: number | null;
    stagedContactId: number | null;
    score: number | null;
    band: MatchBand | null;
  } | null;
  action: StagedContactAction | null;
  /** API field names (and custom.X / user.X) where the staged value wins in a merge. */
  fieldChoices: string[];
  editedAt: string | null;
  processedAt: string | null;
  resultContactId: number | null;
  outcome: StagedOutcome;
}

export interface Collections {
  addresses: Array<Record<string, unknown>>;
  communications: Array<Record<string, unknown>>;
  notes: Array<Record<string, unknown>>;
  categories: string[];
  fieldValues: Array<{ scope: string; field: string; value: string }>;
}

export interface StagedContactDetails extends StagedContactSummary {
  collections: Collections;
  /** The statuses the target definition allows for this kind of contact: what an edit may choose. */
  statusChoices: string[];
}

/** The codes of the definition's status attribute for a person or a company. */
function statusChoicesOf(kind: 'person' | 'company'): string[] {
  const status = attributeCatalog[kind].find((attribute) => attribute.name === 'status');
  return status && 'codes' in status && status.codes ? [...status.codes] : [];
}

export interface ContactDetails {
  id: number;
  kind: 'person' | 'company';
  name: string;
  ownerUserId: number;
  fields: ContactFieldValues;
  collections: Collections & { legacyKeys: Array<{ legacyKey: string; source: string }> };
}

export interface MatchSuggestion {
  id: number;
  contactId: number | null;
  stagedContactId: number | null;
  name: string;
  score: number;
  band: MatchBand;
  explanation: unknown;
  selected: boolean;
}

function fieldsOf(row: Record<string, unknown>): ContactFieldValues {
  return Object.fromEntries(
    contactFieldNames.map((name) => [camel(name), (row[name] as string | null) ?? null]),
  );
}

const pick = (row: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.map((name) => [camel(name), row[name] ?? null]));

const addressColumns = ['type', 'street', 'street2', 'city', 'state', 'postal_code', 'country', 'is_primary'];
const communicationColumns = ['channel', 'type', 'value', 'is_primary'];
const noteColumns = ['subject', 'text', 'date'];

export function toStagedSummary(row: StagedContactRow, importUndone = false): StagedContactSummary {
  const hasMatch = row.match_contact_id !== null || row.match_staged_contact_id !== null;
  const choices = row.field_choices ? (JSON.parse(row.field_choices) as string[]) : [];
  return {
    id: row.id,
    legacyKey: row.legacy_key,
    kind: row.kind,
    name: displayNameOf(row),
    fields: fieldsOf(row as unknown as Record<string, unknown>),
    source: { file: row.source_file, line: row.source_line },
    match: hasMatch
      ? {
          contactId: row.match_contact_id,
          stagedContactId: row.match_staged_contact_id,
          score: row.match_score,
          band: row.match_band,
        }
      : null,
    action: row.action,
    fieldChoices: choices.map((name) => (name.includes('.') ? name : camel(name))),
    editedAt: row.edited_at,
    processedAt: row.processed_at,
    resultContactId: row.result_contact_id,
    outcome: stagedOutcomeOf(row, importUndone),
  };
}

export function toStagedDetails(profile: StagedProfile, importUndone = false): StagedContactDetails {
  return {
    ...toStagedSummary(profile.contact, importUndone),
    statusChoices: statusChoicesOf(profile.contact.kind),
    collections: {
      addresses: profile.addresses.map((row) => pick(row, addressColumns)),
      communications: profile.communications.map((row) => pick(row, communicationColumns)),
      notes: profile.notes.map((row) => pick(row, noteColumns)),
      categories: profile.categories.map((row) => row.category),
      fieldValues: profile.fieldValues.map((row) => ({
        scope: row.scope,
        field: row.field,
        value: row.value,
      })),
    },
  };
}

export function toContactDetails({ contact, collections }: ContactSnapshot): ContactDetails {
  return {
    id: contact.id,
    kind: contact.kind,
    name: displayNameOf(contact),
    ownerUserId: contact.owner_user_id,
    fields: fieldsOf(contact as unknown as Record<string, unknown>),
    collections: {
      addresses: collections.contact_addresses.map((row) => pick(row, addressColumns)),
      communications: collections.contact_communications.map((row) => pick(row, communicationColumns)),
      notes: collections.contact_notes.map((row) => pick(row, noteColumns)),
      categories: collections.contact_categories.map((row) => String(row.category)),
      fieldValues: collections.contact_field_values.map((row) => ({
        scope: String(row.scope),
        field: String(row.field),
        value: String(row.value),
      })),
      legacyKeys: collections.contact_legacy_keys.map((row) => ({
        legacyKey: String(row.legacy_key),
        source: String(row.source),
      })),
    },
  };
}

export function toSuggestion(row: StagedMatchRow, name: string, selected: boolean): MatchSuggestion {
  return {
    id: row.id,
    contactId: row.contact_id,
    stagedContactId: row.other_staged_contact_id,
    name,
    score: row.score,
    band: row.band,
    explanation: JSON.parse(row.explanation) as unknown,
    selected,
  };
}
