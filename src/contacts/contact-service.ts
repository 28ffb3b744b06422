/**
 * Contacts by hand: create, read, change and delete people and companies with their collections,
 * search them, and read contact lists. Every read sees only what the actor may (the one rule in
 * contact-access.repository.ts); a contact they may not see is CONTACT_NOT_FOUND, never "not
 * allowed", so its existence is not revealed. Every write stores the derived values, refreshes
 * the blocking keys and writes the audit trail in one transaction. Knows nothing of HTTP.
 */

import { nameColumnsOf } from '../db/contact-values.js';
import type {
  CollectionName,
  ContactCollections,
  ContactSortKey,
} from '../db/repositories/contacts.repository.js';
import type { Repositories } from '../db/repositories/index.js';
import type { ContactFields, ContactRow } from '../db/schema.js';
import { DovetailError } from '../errors/dovetail-error.js';
import type { Actor } from './actor.js';
import { AuditTrail, contactSnapshot } from './contact-audit.js';
import {
  type ContactCollectionsInput,
  type ContactFieldsInput,
  checkRequired,
  collectionRows,
  contactColumns,
  InputProblems,
} from './contact-input.js';
import {
  type Contact,
  type ContactHistoryEntry,
  type ContactSummary,
  toContact,
  toContactSummary,
} from './contact-view.js';
import { replaceCollection } from './replace-collection.js';

export interface NewContact extends ContactFieldsInput, ContactCollectionsInput {
  kind: 'person' | 'company';
  /** Default: the actor. Only administrators may create a contact for someone else. */
  ownerUserName?: string | undefined;
  /** Country for phone numbers without a "+" prefix (default US, as in mapping files). */
  defaultCountry?: string | undefined;
}

/** Fields given are set (null clears one); collections given replace the contact's own. */
export interface ContactChanges extends ContactFieldsInput, ContactCollectionsInput {
  /** Only administrators may give a contact to another owner. */
  ownerUserName?: string | undefined;
  defaultCountry?: string | undefined;
}

export interface ContactQuery {
  /** Name, email or phone. */
  q?: string | undefined;
  /** 1-based. */
  page?: number | undefined;
  pageSize?: number | undefined;
  sort?: ContactSortKey | undefined;
}

export interface ContactPage {
  items: ContactSummary[];
  total: number;
}

export interface ContactList {
  id: number;
  name: string;
  ownerUserName: string;
  jobId: number | null;
  createdAt: string;
}

const collectionNames: readonly CollectionName[] = [
  'legacyKeys',
  'addresses',
  'communications',
  'notes',
  'categories',
  'fieldValues',
];
const defaultCountry = 'US';

/**
 * The match index writer, loaded on first write: it brings the matcher's normalisers and phone
 * metadata, which processes that only read (most CLI commands) should not pay for at start-up.
 */
const matchIndexing = () => import('../pipeline/match/contact-match-index.js');
export const maxPageSize = 200;

export class ContactService {
  constructor(private readonly repositories: Repositories) {}

  async create(actor: Actor, input: NewContact): Promise<Contact> {
    const owner = await this.ownerFor(actor, input.ownerUserName);
    const problems = new InputProblems();
    const country = input.defaultCountry ?? defaultCountry;
    const fields = contactColumns(input.kind, input, country, problems);
    checkRequired(input.kind, fields, problems);
    const rows = collectionRows(input, await this.inputContext(owner.id, country), problems);
    problems.throwIfAny();
    const id = await this.repositories.contacts.inTransaction(async (contacts) => {
      const now = new Date().toISOString();
      const contact = await contacts.insertContact({
        ...blankFields(input.kind),
        ...fields,
        kind: input.kind,
        owner_user_id: owner.id,
        ...nameColumnsOf({ ...blankFields(input.kind), ...fields }),
        created_at: now,
        updated_at: now,
        created_by_job_id: null,
      });
      const collections = {} as ContactCollections;
      for (const name of collectionNames) {
        (collections as Record<CollectionName, unknown>)[name] = await contacts.insertCollectionRows(
          name,
          contact.id,
          (rows[name] ?? []) as never,
        );
      }
      await contacts.replaceMatchIndex(
        contact.id,
        (await matchIndexing()).matchIndexOf(contact, collections),
      );
      const audit = new AuditTrail(contact.id, actor.id);
      audit.created(contactSnapshot(contact, collections));
      await contacts.insertAudit(audit.rows);
      return contact.id;
    });
    return this.show(actor, id);
  }

  async show(actor: Actor, contactId: number): Promise<Contact> {
    const contact = await this.repositories.contacts.findVisible(actor.id, contactId);
    if (!contact) throw contactNotFound(contactId);
    return toContact(contact, await this.repositories.contacts.collectionsOf(contactId));
  }

  async update(actor: Actor, contactId: number, changes: ContactChanges): Promise<Contact> {
    // Everything outside the contact's own tables is read before the transaction: SQLite has one
    // connection, so a query outside the transaction would wait for it forever.
    const current = await this.repositories.contacts.findVisible(actor.id, contactId);
    if (!current) throw contactNotFound(contactId);
    const owner =
      changes.ownerUserName === undefined || changes.ownerUserName === current.owner_user_name
        ? { id: current.owner_user_id }
        : await this.ownerFor(actor, changes.ownerUserName);
    const problems = new InputProblems();
    const country = changes.defaultCountry ?? defaultCountry;
    const fields = contactColumns(current.kind, changes, country, problems);
    const rows = collectionRows(changes, await this.inputContext(owner.id, country), problems);
    problems.throwIfAny();

    await this.repositories.contacts.inTransaction(async (contacts) => {
      const existing = await contacts.findVisible(actor.id, contactId);
      if (!existing) throw contactNotFound(contactId);
      const merged = { ...existing, ...fields };
      const required = new InputProblems();
      checkRequired(existing.kind, merged, required);
      required.throwIfAny();

      const audit = new AuditTrail(contactId, actor.id);
      const changedColumns: Partial<ContactRow> = {};
      for (const [column, value] of Object.entries(fields)) {
        const before = existing[column as keyof ContactFields];
        if (before === value) continue;
        audit.updated(column, before, value);
        (changedColumns as Record<string, unknown>)[column] = value;
      }
      if (owner.id !== existing.owner_user_id) {
        audit.updated('owner_user_id', existing.owner_user_id, owner.id);
        changedColumns.owner_user_id = owner.id;
      }
      const collections = await contacts.collectionsOf(contactId);
      for (const name of collectionNames) {
        const wanted = rows[name];
        if (wanted) await replaceCollection(contacts, contactId, name, collections, wanted, audit);
      }
      if (audit.rows.length === 0) return;
      await contacts.updateContact(contactId, {
        ...changedColumns,
        ...nameColumnsOf(merged),
        updated_at: new Date().toISOString(),
      });
      await contacts.replaceMatchIndex(contactId, (await matchIndexing()).matchIndexOf(merged, collections));
      await contacts.insertAudit(audit.rows);
    });
    return this.show(actor, contactId);
  }

  async delete(actor: Actor, contactId: number): Promise<void> {
    await this.repositories.contacts.inTransaction(async (contacts) => {
      const existing = await contacts.findVisible(actor.id, contactId);
      if (!existing) throw contactNotFound(contactId);
      const audit = new AuditTrail(contactId, actor.id);
      audit.deleted(contactSnapshot(existing, await contacts.collectionsOf(contactId)));
      await contacts.insertAudit(audit.rows);
      await contacts.deleteContact(contactId);
    });
  }

  /** The contacts the actor may see that match the query, one page of them, and how many match. */
  search(actor: Actor, query: ContactQuery = {}): Promise<ContactPage> {
    return this.page(actor, query);
  }

  async history(actor: Actor, contactId: number): Promise<ContactHistoryEntry[]> {
    if (!(await this.repositories.contacts.findVisible(actor.id, contactId)))
      throw contactNotFound(contactId);
    const rows = await this.repositories.contacts.historyVisible(actor.id, contactId);
    return rows.map((row) => ({
      id: row.id,
      entity: row.entity,
      entityId: row.entity_id,
      action: row.action,
      field: row.field,
      before: row.before_value === null ? null : JSON.parse(row.before_value),
      after: row.after_value === null ? null : JSON.parse(row.after_value),
      changedAt: row.changed_at,
      userName: row.user_name,
      jobId: row.job_id,
    }));
  }

  /** Contact lists the actor may open: their own, or every one for an administrator. */
  async lists(actor: Actor): Promise<ContactList[]> {
    const rows = await this.repositories.contactLists.list(actor);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      ownerUserName: row.owner_user_name,
      jobId: row.job_id,
      createdAt: row.created_at,
    }));
  }

  /** The members of a list the actor may open, as far as the actor may see them. */
  async listContacts(actor: Actor, listId: number, query: ContactQuery = {}): Promise<ContactPage> {
    const [list] = await this.repositories.contactLists.list(actor, listId);
    if (!list) throw new DovetailError('LIST_NOT_FOUND', `There is no contact list ${listId}`);
    return this.page(actor, query, listId);
  }

  private async page(actor: Actor, query: ContactQuery, listId?: number): Promise<ContactPage> {
    const page = Math.max(1, Math.trunc(query.page ?? 1));
    const pageSize = Math.min(maxPageSize, Math.max(1, Math.trunc(query.pageSize ?? 50)));
    const { searchTerms } = await import('./search-terms.js');
    const { rows, total } = await this.repositories.contacts.search(actor.id, {
      ...searchTerms(query.q, defaultCountry),
      listId,
      sort: query.sort ?? 'name',
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const main = await this.repositories.contacts.mainCommunications(rows.map((row) => row.id));
    return { items: rows.map((row) => toContactSummary(row, main.get(row.id))), total };
  }

  private async ownerFor(actor: Actor, ownerUserName: string | undefined): Promise<{ id: number }> {
    if (ownerUserName === undefined || ownerUserName === actor.userName) return { id: actor.id };
    if (!actor.isAdmin) {
      throw new DovetailError(
        'NOT_ALLOWED',
        `Only administrators can give a contact to another owner (${actor.userName} is not one)`,
      );
    }
    const owner = await this.repositories.users.findByUserName(ownerUserName);
    if (!owner) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${ownerUserName}"`);
    return owner;
  }

  private async inputContext(ownerId: number, country: string) {
    return { defaultCountry: country, vocabulary: await this.repositories.users.vocabularyOf(ownerId) };
  }
}

function contactNotFound(contactId: number): DovetailError {
  return new DovetailError('CONTACT_NOT_FOUND', `There is no contact ${contactId}`);
}

function blankFields(kind: 'person' | 'company'): ContactFields {
  return {
    kind,
    title: null,
    first_name: null,
    middle_name: null,
    last_name: null,
    preferred_name: null,
    suffix: null,
    birth_date: null,
    company_name: null,
    position: null,
    industry: null,
    status: null,
  };
}
