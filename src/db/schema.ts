/**
 * Table types for Kysely. Timestamps are ISO-8601 strings and booleans are 0/1 integers so the
 * same rows work on SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  user_name: string;
  first_name: string | null;
  last_name: string | null;
  is_admin: number;
  created_at: string;
  /** scrypt hash (see src/auth/password-hash.ts); null: the user cannot sign in with a password. */
  password_hash: string | null;
}

export interface UserPrivilegesTable {
  user_id: number;
  privilege: string;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie's value; the value itself is never stored. */
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface UserCategoriesTable {
  user_id: number;
  name: string;
}

export interface UserFieldDefinitionsTable {
  user_id: number;
  /** "custom" fields are shared definitions, "user" fields belong to this user only. */
  scope: 'custom' | 'user';
  name: string;
  type: string;
  /** JSON array of allowed values for "choice" fields. */
  options: string | null;
}

export interface ImportJobsTable {
  id: Generated<number>;
  description: string;
  package_name: string;
  package_path: string;
  package_bytes: number;
  on_behalf_of_user_id: number;
  submitted_by_user_id: number;
  stage: string;
  status: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Uncompressed bytes of all CSV files, known once the package is validated. */
  total_bytes: Generated<number>;
  bytes_done: Generated<number>;
  rows_read: Generated<number>;
  rows_staged: Generated<number>;
  rows_rejected: Generated<number>;
  contacts_staged: Generated<number>;
  /** Errors (refused rows, package problems) in import_errors; warnings are counted apart. */
  error_count: Generated<number>;
  /** Invalid optional values left out of staged rows (import_errors with severity 'warning'). */
  warning_count: Generated<number>;
  failure_code: string | null;
  failure_message: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempts: Generated<number>;
  /**
   * Runs of the current stage in a row whose process stopped (lease ran out) before committing a
   * batch; the job runner fails the job once it reaches DOVETAIL_MAX_JOB_ATTEMPTS.
   */
  interrupted_runs: Generated<number>;
  /** Last staged contact id a resumable stage (Match, Process) committed. */
  stage_cursor: Generated<number>;
  contacts_matched: Generated<number>;
  /** The duplicate keys chosen for Match (JSON array of DuplicateKey); null: the score alone. */
  identify_duplicates_by: Generated<string | null>;
  /** The match model estimated for the job (JSON, model/match-model.ts); null: the default model. */
  match_model: Generated<string | null>;
  contacts_created: Generated<number>;
  contacts_merged: Generated<number>;
  contacts_discarded: Generated<number>;
  /** The contact list Complete Import made, named by the description. */
  contact_list_id: number | null;
  undone_at: string | null;
}

export interface ImportJobFilesTable {
  job_id: number;
  file_name: string;
  mapping_name: string;
  data_type: string;
  position: number;
  state: Generated<'pending' | 'loading' | 'done'>;
  encoding: string | null;
  delimiter: string | null;
  /** JSON array of the header, so the error file can be written with the original columns. */
  header: string | null;
  uncompressed_bytes: number;
  /** Last physical line whose record is committed; a resumed load skips up to here. */
  lines_committed: Generated<number>;
  bytes_done: Generated<number>;
  rows_read: Generated<number>;
  rows_staged: Generated<number>;
  rows_rejected: Generated<number>;
  warning_count: Generated<number>;
  /** The worker loading this file now, until lease_expires_at (see import_jobs' lease). */
  lease_owner: string | null;
  lease_expires_at: string | null;
}

interface StagedRowSource {
  id: Generated<number>;
  job_id: number;
  source_file: string;
  source_line: number;
}

export interface StagedContactsTable extends StagedRowSource {
  legacy_key: string;
  kind: 'person' | 'company';
  title: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  preferred_name: string | null;
  suffix: string | null;
  birth_date: string | null;
  company_name: string | null;
  position: string | null;
  industry: string | null;
  status: string | null;
  /** The selected match: an existing contact, or another staged contact of the same job. */
  match_contact_id: number | null;
  match_staged_contact_id: number | null;
  match_score: number | null;
  match_band: MatchBand | null;
  action: StagedContactAction | null;
  /** JSON array of field names where the reviewer chose the staged value over the existing one. */
  field_choices: string | null;
  edited_at: string | null;
  processed_at: string | null;
  /** The contact that processing created or merged into. */
  result_contact_id: number | null;
}

export type MatchBand = 'High' | 'Medium' | 'Low';
export type StagedContactAction = 'merge' | 'create' | 'discard';

export interface StagedMatchesTable {
  id: Generated<number>;
  job_id: number;
  staged_contact_id: number;
  contact_id: number | null;
  other_staged_contact_id: number | null;
  score: number;
  band: MatchBand;
  /** JSON: per field, agreement level and its weight. */
  explanation: string;
}

/** Blocking keys of a job's staged contacts, written by the Match stage (see 0005-staged-match-keys). */
export interface StagedMatchKeysTable {
  job_id: number;
  match_key: string;
  staged_contact_id: number;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}

export interface TeamMembersTable {
  team_id: number;
  user_id: number;
}

/** The fields of a contact itself, shared by contacts and staged contacts. */
export interface ContactFields {
  kind: 'person' | 'company';
  title: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  preferred_name: string | null;
  suffix: string | null;
  birth_date: string | null;
  company_name: string | null;
  position: string | null;
  industry: string | null;
  status: string | null;
}

/** The columns derived from a contact's names (see nameColumnsOf in src/db/contact-values.ts). */
export interface ContactNameColumns {
  sort_name: string;
  search_name: string;
}

export interface ContactsTable extends ContactFields {
  id: Generated<number>;
  owner_user_id: number;
  sort_name: Generated<string>;
  /** The names folded for search (see searchNameOf); '' until a writer sets it. */
  search_name: Generated<string>;
  created_at: string;
  updated_at: string;
  created_by_job_id: number | null;
}

interface ContactCollectionRow {
  id: Generated<number>;
  contact_id: number;
  created_by_job_id: number | null;
}

export interface ContactLegacyKeysTable extends ContactCollectionRow {
  legacy_key: string;
  source: string;
}

export interface ContactAddressesTable extends ContactCollectionRow {
  type: string | null;
  street: string | null;
  street2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  is_primary: number | null;
}

export interface ContactCommunicationsTable extends ContactCollectionRow {
  channel: string;
  type: string | null;
  value: string;
  normalized_value: string;
  is_primary: number | null;
}

export interface ContactNotesTable extends ContactCollectionRow {
  subject: string | null;
  text: string;
  date: string | null;
}

export interface ContactCategoriesTable extends ContactCollectionRow {
  category: string;
}

export interface ContactFieldValuesTable extends ContactCollectionRow {
  scope: 'custom' | 'user';
  field: string;
  value: string;
}

export interface ContactMatchKeysTable {
  match_key: string;
  contact_id: number;
}

/** A contact's MatchProfile as JSON, kept beside its blocking keys (migration 0009). */
export interface ContactMatchProfilesTable {
  contact_id: number;
  profile: string;
}

export interface ContactListsTable {
  id: Generated<number>;
  name: string;
  owner_user_id: number;
  job_id: number | null;
  created_at: string;
}

export interface ContactListMembersTable {
  list_id: number;
  contact_id: number;
}

export interface ContactAuditTable {
  id: Generated<number>;
  contact_id: number;
  job_id: number | null;
  user_id: number | null;
  /** 'contact' for the contact's own fields, else the collection table's name. */
  entity: string;
  entity_id: number | null;
  action: 'create' | 'update' | 'add' | 'remove' | 'delete';
  field: string | null;
  /** JSON of the value (or the whole collection row) before and after. */
  before_value: string | null;
  after_value: string | null;
  changed_at: string;
}

export interface StagedAddressesTable extends StagedRowSource {
  contact_key: string;
  type: string | null;
  street: string | null;
  street2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  is_primary: number | null;
}

export interface StagedCommunicationsTable extends StagedRowSource {
  contact_key: string;
  channel: string;
  type: string | null;
  value: string;
  is_primary: number | null;
}

export interface StagedNotesTable extends StagedRowSource {
  contact_key: string;
  subject: string | null;
  text: string;
  date: string | null;
}

export interface StagedCategoriesTable extends StagedRowSource {
  contact_key: string;
  category: string;
}

export interface StagedFieldValuesTable extends StagedRowSource {
  contact_key: string;
  scope: 'custom' | 'user';
  field: string;
  value: string;
}

export interface ImportErrorsTable {
  id: Generated<number>;
  job_id: number;
  file_name: string | null;
  line: number | null;
  column_name: string | null;
  value: string | null;
  code: string;
  message: string;
  /** Legacy key of the contact the row describes or belongs to, when known. */
  legacy_key: string | null;
  /** JSON array of the row's original values, for the full error file. */
  raw_values: string | null;
  /** 'error': the row (or the package) was refused; 'warning': the value was left out, the row staged. */
  severity: Generated<'error' | 'warning'>;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  job_id: number;
  kind: 'success' | 'error';
  text: string;
  created_at: string;
  read_at: string | null;
}

export interface DatabaseSchema {
  users: UsersTable;
  user_categories: UserCategoriesTable;
  user_field_definitions: UserFieldDefinitionsTable;
  import_jobs: ImportJobsTable;
  import_job_files: ImportJobFilesTable;
  staged_contacts: StagedContactsTable;
  staged_addresses: StagedAddressesTable;
  staged_communications: StagedCommunicationsTable;
  staged_notes: StagedNotesTable;
  staged_categories: StagedCategoriesTable;
  staged_field_values: StagedFieldValuesTable;
  import_errors: ImportErrorsTable;
  notifications: NotificationsTable;
  user_privileges: UserPrivilegesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  contacts: ContactsTable;
  contact_legacy_keys: ContactLegacyKeysTable;
  contact_addresses: ContactAddressesTable;
  contact_communications: ContactCommunicationsTable;
  contact_notes: ContactNotesTable;
  contact_categories: ContactCategoriesTable;
  contact_field_values: ContactFieldValuesTable;
  contact_match_keys: ContactMatchKeysTable;
  contact_match_profiles: ContactMatchProfilesTable;
  contact_lists: ContactListsTable;
  contact_list_members: ContactListMembersTable;
  contact_audit: ContactAuditTable;
  staged_matches: StagedMatchesTable;
  staged_match_keys: StagedMatchKeysTable;
}

export type User = Selectable<UsersTable>;
export type ImportJobRow = Selectable<ImportJobsTable>;
export type ImportJobFileRow = Selectable<ImportJobFilesTable>;
export type ImportErrorRow = Selectable<ImportErrorsTable>;
export type NewImportError = Insertable<ImportErrorsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type StagedContactRow = Selectable<StagedContactsTable>;
export type StagedMatchRow = Selectable<StagedMatchesTable>;

/** The contact collections, by the name the audit trail and the API use for them. */
export const contactCollectionTables = {
  legacyKeys: 'contact_legacy_keys',
  addresses: 'contact_addresses',
  communications: 'contact_communications',
  notes: 'contact_notes',
  categories: 'contact_categories',
  fieldValues: 'contact_field_values',
} as const;

/** The staged tables that hold one row per child CSV record, by the data type that feeds them. */
export const stagedChildTables = {
  address: 'staged_addresses',
  communication: 'staged_communications',
  note: 'staged_notes',
  category: 'staged_categories',
  customField: 'staged_field_values',
} as const;
