/**
 * Review Staged Data and Review Match Results: the staged contacts with their filters, details,
 * edits and deletion, Compare Details, match suggestions, the selected match and the action.
 * Existing contacts are only ever read through the on-behalf-of user's visibility rule.
 */
import type { Writable } from 'node:stream';
import { displayNameOf } from '../../db/contact-values.js';
import { contactFieldNames } from '../../db/repositories/contact-records.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { StagedContactFilter, StagedContactPage } from '../../db/repositories/review.repository.js';
import type { ImportJobRow, MatchBand, StagedContactAction, StagedContactRow } from '../../db/schema.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { type ReviewActor, visibleJob, waitingJob } from './import-access.js';
import { type MatchExportOptions, writeMatchesCsv } from './match-export.js';
import {
  apiFieldNames,
  type ContactDetails,
  columnOfApiField,
  type MatchSuggestion,
  type StagedContactDetails,
  type StagedContactSummary,
  type StagedOutcome,
  stagedOutcomeOf,
  toContactDetails,
  toStagedDetails,
  toStagedSummary,
  toSuggestion,
} from './review-views.js';

export interface CompareDetails {
  staged: StagedContactDetails;
  /** The selected existing contact, or the staged contact it is matched to. */
  existing: ContactDetails | null;
  matchedStaged: StagedContactDetails | null;
  /** Field by field: both values and which one a merge keeps. */
  fields: Array<{
    field: string;
    staged: string | null;
    existing: string | null;
    /** The value after a merge with the current choices. */
    merged: string | null;
    keeps: 'existing' | 'staged' | 'same';
  }>;
}

export interface ReviewSummary {
  total: number;
  processed: number;
  unprocessed: number;
  withMatch: number;
  byAction: Record<StagedContactAction | 'none', number>;
  byBand: Record<MatchBand | 'none', number>;
  /** Unprocessed staged contacts with an action chosen: what Process would apply now. */
  toProcess: number;
  byOutcome: Record<StagedOutcome, number>;
}

/** Set as Match (a suggestion), Select Another Match (any visible contact), or no match. */
export type MatchChoice = { suggestionId: number } | { contactId: number } | { none: true };

export class ReviewService {
  constructor(private readonly repositories: Repositories) {}

  async list(
    actor: ReviewActor,
    jobId: number,
    filter: StagedContactFilter,
    page: StagedContactPage,
  ): Promise<{ total: number; items: StagedContactSummary[] }> {
    const job = await visibleJob(this.repositories, actor, jobId);
    const { total, items } = await this.repositories.review.list(jobId, filter, page);
    return { total, items: items.map((row) => toStagedSummary(row, job.undone_at !== null)) };
  }

  /** The workspace's figures: how many staged contacts per action, match band and state. */
  async summary(actor: ReviewActor, jobId: number): Promise<ReviewSummary> {
    const job = await visibleJob(this.repositories, actor, jobId);
    const summary: ReviewSummary = {
      total: 0,
      processed: 0,
      unprocessed: 0,
      withMatch: 0,
      byAction: { merge: 0, create: 0, discard: 0, none: 0 },
      byBand: { High: 0, Medium: 0, Low: 0, none: 0 },
      toProcess: 0,
      byOutcome: { pending: 0, created: 0, merged: 0, discarded: 0, notProcessed: 0, undone: 0 },
    };
    for (const group of await this.repositories.review.summary(jobId)) {
      if (!group.processed && group.action !== null) summary.toProcess += group.count;
      const outcome = stagedOutcomeOf(
        {
          processed_at: group.processed ? 'processed' : null,
          action: group.action,
          result_contact_id: group.resulted ? 1 : null,
        },
        job.undone_at !== null,
      );
      summary.byOutcome[outcome] += group.count;
      summary.total += group.count;
      summary[group.processed ? 'processed' : 'unprocessed'] += group.count;
      if (group.matched) summary.withMatch += group.count;
      summary.byAction[group.action ?? 'none'] += group.count;
      summary.byBand[group.band ?? 'none'] += group.count;
    }
    return summary;
  }

  async show(actor: ReviewActor, jobId: number, stagedId: number): Promise<StagedContactDetails> {
    const job = await visibleJob(this.repositories, actor, jobId);
    const profile = await this.repositories.review.profile(jobId, stagedId);
    if (!profile) throw stagedNotFound(jobId, stagedId);
    return toStagedDetails(profile, job.undone_at !== null);
  }

  async edit(
    actor: ReviewActor,
    jobId: number,
    stagedId: number,
    edits: Record<string, string | null>,
  ): Promise<StagedContactDetails> {
    await waitingJob(this.repositories, actor, jobId);
    const staged = await this.staged(jobId, stagedId);
    if (staged.processed_at !== null) throw alreadyProcessed(staged);
    const { validatedFieldEdit } = await import('./staged-field-edit.js');
    await this.repositories.review.updateFields(jobId, stagedId, validatedFieldEdit(staged, edits));
    return this.show(actor, jobId, stagedId);
  }

  /** Irreversible: the staged contact and its staged rows are gone. Needs confirm: true. */
  async delete(actor: ReviewActor, jobId: number, stagedId: number, confirm: boolean): Promise<void> {
    await waitingJob(this.repositories, actor, jobId);
    const staged = await this.staged(jobId, stagedId);
    if (staged.processed_at !== null) throw alreadyProcessed(staged);
    if (!confirm) {
      throw new DovetailError(
        'CONFIRMATION_REQUIRED',
        `Deleting staged contact ${stagedId} (${displayNameOf(staged)}) cannot be undone; confirm it`,
      );
    }
    await this.repositories.review.delete(jobId, stagedId);
  }

  async compare(actor: ReviewActor, jobId: number, stagedId: number): Promise<CompareDetails> {
    const job = await visibleJob(this.repositories, actor, jobId);
    const staged = await this.show(actor, jobId, stagedId);
    const existingSnapshot =
      staged.match?.contactId != null
        ? await this.repositories.processing.visibleSnapshot(job.on_behalf_of_user_id, staged.match.contactId)
        : undefined;
    const existing = existingSnapshot ? toContactDetails(existingSnapshot) : null;
    const matchedStaged =
      staged.match?.stagedContactId != null
        ? await this.repositories.review.profile(jobId, staged.match.stagedContactId)
        : undefined;
    const other = existing ?? (matchedStaged ? toStagedDetails(matchedStaged) : null);
    const chosen = new Set(staged.fieldChoices);
    const fields = apiFieldNames.map((field) => {
      const stagedValue = staged.fields[field] ?? null;
      const existingValue = other?.fields[field] ?? null;
      const keeps: 'existing' | 'staged' | 'same' =
        stagedValue === existingValue
          ? 'same'
          : stagedValue === null
            ? 'existing'
            : existingValue === null || chosen.has(field)
              ? 'staged'
              : 'existing';
      return {
        field,
        staged: stagedValue,
        existing: existingValue,
        merged: keeps === 'staged' ? stagedValue : existingValue,
        keeps,
      };
    });
    return {
      staged,
      existing,
      matchedStaged: matchedStaged ? toStagedDetails(matchedStaged) : null,
      fields,
    };
  }

  /** The match results export as CSV for people, streamed to `out` (see match-export.ts). */
  exportMatches(
    actor: ReviewActor,
    jobId: number,
    out: Writable,
    options: MatchExportOptions = {},
  ): Promise<void> {
    return writeMatchesCsv(this.repositories, actor, jobId, out, options);
  }

  /** The suggestions of the Match stage, strongest first; never one the user may not see. */
  async suggestions(actor: ReviewActor, jobId: number, stagedId: number): Promise<MatchSuggestion[]> {
    const job = await visibleJob(this.repositories, actor, jobId);
    const staged = await this.staged(jobId, stagedId);
    const rows = await this.repositories.review.suggestions(jobId, stagedId);
    const contactIds = rows.flatMap((row) => (row.contact_id === null ? [] : [row.contact_id]));
    const visible = await this.repositories.contactAccess.visibleContactIds(
      job.on_behalf_of_user_id,
      contactIds,
    );
    const snapshots = await this.repositories.processing.snapshots([...visible]);
    const result: MatchSuggestion[] = [];
    for (const row of rows) {
      let name: string;
      if (row.contact_id !== null) {
        const snapshot = snapshots.get(row.contact_id);
        if (!visible.has(row.contact_id) || !snapshot) continue;
        name = displayNameOf(snapshot.contact);
      } else {
        const other = await this.repositories.review.find(jobId, row.other_staged_contact_id ?? -1);
        if (!other) continue;
        name = displayNameOf(other);
      }
      const selected =
        (row.contact_id !== null && row.contact_id === staged.match_contact_id) ||
        (row.other_staged_contact_id !== null &&
          row.other_staged_contact_id === staged.match_staged_contact_id);
      result.push(toSuggestion(row, name, selected));
    }
    return result;
  }

  async setMatch(
    actor: ReviewActor,
    jobId: number,
    stagedId: number,
    choice: MatchChoice,
  ): Promise<StagedContactSummary> {
    const job = await waitingJob(this.repositories, actor, jobId);
    const staged = await this.staged(jobId, stagedId);
    if (staged.processed_at !== null) throw alreadyProcessed(staged);
    if ('none' in choice) {
      await this.repositories.review.selectMatch(jobId, stagedId, {
        contactId: null,
        stagedContactId: null,
        score: null,
        band: null,
      });
    } else if ('suggestionId' in choice) {
      const suggestion = (await this.repositories.review.suggestions(jobId, stagedId)).find(
        (row) => row.id === choice.suggestionId,
      );
      if (
        !suggestion ||
        (suggestion.contact_id !== null && !(await this.canSee(job, suggestion.contact_id)))
      ) {
        throw new DovetailError(
          'INVALID_ARGUMENT',
          `Staged contact ${stagedId} has no match suggestion ${choice.suggestionId}`,
        );
      }
      await this.repositories.review.selectMatch(jobId, stagedId, {
        contactId: suggestion.contact_id,
        stagedContactId: suggestion.other_staged_contact_id,
        score: suggestion.score,
        band: suggestion.band,
      });
    } else {
      // A contact the on-behalf-of user cannot see is answered exactly as one that does not exist.
      if (!(await this.canSee(job, choice.contactId))) {
        throw new DovetailError('CONTACT_NOT_FOUND', `There is no contact with id ${choice.contactId}`);
      }
      await this.repositories.review.selectMatch(jobId, stagedId, {
        contactId: choice.contactId,
        stagedContactId: null,
        score: null,
        band: null,
      });
    }
    return toStagedSummary(await this.staged(jobId, stagedId));
  }

  /** merge (needs a selected match), create, discard, or null to undecide; field choices for merge. */
  async setAction(
    actor: ReviewActor,
    jobId: number,
    stagedId: number,
    action: StagedContactAction | null,
    fieldChoices: readonly string[] = [],
  ): Promise<StagedContactSummary> {
    await waitingJob(this.repositories, actor, jobId);
    const staged = await this.staged(jobId, stagedId);
    if (staged.processed_at !== null) throw alreadyProcessed(staged);
    if (action === 'merge' && staged.match_contact_id === null && staged.match_staged_contact_id === null) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `Staged contact ${stagedId} has no match to merge with: set a match first, or create or discard it`,
      );
    }
    await this.repositories.review.setAction(jobId, stagedId, action, storedChoices(fieldChoices));
    return toStagedSummary(await this.staged(jobId, stagedId));
  }

  /** One action for every unprocessed staged contact the filter covers ("merge all High" …). */
  async bulkAction(
    actor: ReviewActor,
    jobId: number,
    filter: StagedContactFilter,
    action: StagedContactAction,
  ): Promise<{ updated: number }> {
    await waitingJob(this.repositories, actor, jobId);
    return { updated: await this.repositories.review.bulkSetAction(jobId, filter, action) };
  }

  private async staged(jobId: number, stagedId: number): Promise<StagedContactRow> {
    const staged = await this.repositories.review.find(jobId, stagedId);
    if (!staged) throw stagedNotFound(jobId, stagedId);
    return staged;
  }

  private canSee(job: ImportJobRow, contactId: number): Promise<boolean> {
    return this.repositories.contactAccess.canSeeContact(job.on_behalf_of_user_id, contactId);
  }
}

/** API field names (firstName, custom.Hobby) to what staged_contacts.field_choices stores. */
function storedChoices(fieldChoices: readonly string[]): string[] {
  const columns = new Set<string>(contactFieldNames);
  return [
    ...new Set(
      fieldChoices.map((name) => {
        if (/^(custom|user)\..+/.test(name)) return name;
        const column = columnOfApiField(name);
        if (!columns.has(column)) {
          throw new DovetailError(
            'INVALID_ARGUMENT',
            `"${name}" is not a field a merge can take from the staged contact (use ${apiFieldNames.join(', ')}, custom.<field> or user.<field>)`,
          );
        }
        return column;
      }),
    ),
  ];
}

function stagedNotFound(jobId: number, stagedId: number): DovetailError {
  return new DovetailError(
    'STAGED_CONTACT_NOT_FOUND',
    `Import process ${jobId} has no staged contact with id ${stagedId}`,
  );
}

function alreadyProcessed(staged: StagedContactRow): DovetailError {
  return new DovetailError(
    'IMPORT_WRONG_STAGE',
    `Staged contact ${staged.id} was already processed (into contact ${staged.result_contact_id ?? '-'}); it can no longer change`,
  );
}
