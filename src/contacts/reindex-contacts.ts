/**
 * `dovetail contacts reindex`: rebuilds every contact's match index entries (blocking keys and
 * stored scoring profile) from the contact's own tables, with the code every writer of a contact
 * uses. For after an upgrade that changes how keys or profiles are built, and for contacts
 * written before migration 0009, which have keys but no stored profile.
 */
import type { Repositories } from '../db/repositories/index.js';
import type { RebuiltIndex } from '../db/repositories/match-index.repository.js';
import { matchIndexOfSnapshot } from '../pipeline/process/contact-match-profile.js';

/**
 * Contacts per transaction: not the Match stage's 5,000, because on SQLite a batch holds the
 * database's one write lock while it runs and every other writer waits for it.
 */
export const reindexBatchSize = 1000;

export interface ReindexSummary {
  /** Contacts whose entries were rebuilt. */
  contacts: number;
  /** Blocking keys those contacts had before, and have now. */
  keysBefore: number;
  keysAfter: number;
  /** Stored profiles before (contacts written before migration 0009 had none), and written. */
  profilesBefore: number;
  profilesWritten: number;
  seconds: number;
}

export interface ReindexProgress {
  contactsDone: number;
  /** Contacts when the run started (contacts added meanwhile are rebuilt too). */
  contactsTotal: number;
}

export interface ReindexOptions {
  batchSize?: number;
  onProgress?: (progress: ReindexProgress) => void;
}

/**
 * Rebuilds the match index of every contact, in id order, one transaction per batch.
 *
 * @example const { contacts, keysAfter } = await reindexContacts(app.repositories)
 */
export async function reindexContacts(
  repositories: Pick<Repositories, 'matchIndex'>,
  options: ReindexOptions = {},
): Promise<ReindexSummary> {
  // Safe beside a running server and safe to interrupt because each batch commits on its own and
  // replaces its contacts' entries wholly, from their tables: a reader sees each contact with its
  // old entries or its rebuilt ones, never neither, and a stopped run leaves nothing half done.
  // A running Match stage only reads the index, so it is no reason to stop. Nothing depends on
  // the entries replaced, so there is no cursor to keep: run it again and it redoes the work.
  // On SQLite its batches and an import's transactions take the one write lock in turn
  // (transactions begin immediate: see sqlite.ts), so neither makes the other fail.
  const { matchIndex } = repositories;
  const batchSize = options.batchSize ?? reindexBatchSize;
  const startedAt = performance.now();
  const contactsTotal = await matchIndex.countContacts();
  const summary = { contacts: 0, keysBefore: 0, keysAfter: 0, profilesBefore: 0, profilesWritten: 0 };
  const count = (rebuilt: RebuiltIndex) => {
    summary.contacts += rebuilt.contacts;
    summary.keysBefore += rebuilt.keysBefore;
    summary.keysAfter += rebuilt.keysAfter;
    summary.profilesBefore += rebuilt.profilesBefore;
    summary.profilesWritten += rebuilt.profilesWritten;
  };
  const seconds = () => Math.round(performance.now() - startedAt) / 1000;
  for (let afterId = 0; ; ) {
    const ids = await matchIndex.contactIdsAfter(afterId, batchSize);
    if (ids.length === 0) break;
    const rebuilt = await matchIndex.rebuild(ids, matchIndexOfSnapshot);
    count(rebuilt);
    for (const id of rebuilt.skipped) {
      count(await matchIndex.rebuild([id], matchIndexOfSnapshot, { waitForWriters: true }));
    }
    afterId = ids[ids.length - 1]!;
    options.onProgress?.({ contactsDone: summary.contacts, contactsTotal });
  }
  return { ...summary, seconds: seconds() };
}
