/**
 * Stage "Process": applies the reviewers' actions (merge, create, discard) to the staged
 * contacts, in batches ordered by id. Each batch's contact writes, its audit rows, the staged
 * contacts' processed_at/result_contact_id, the job's stage_cursor and counts commit in ONE
 * transaction, so a crash mid-batch leaves nothing of that batch and a re-run never merges twice.
 *
 * A staged contact matched to another staged contact of the package merges into whatever that
 * one became: the other one is processed first, in the same transaction.
 */
import { nameColumnsOf } from '../../db/contact-values.js';
import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { ContactWriteUnit, ProcessCounts } from '../../db/repositories/processing.repository.js';
import type { StagedProfile } from '../../db/repositories/staged-records.js';
import type { ImportJobRow, StagedContactRow } from '../../db/schema.js';
import { matchIndexOfSnapshot } from './contact-match-profile.js';
import { createdFields, planMerge, stagedAdditions } from './merge-plan.js';

export interface ProcessInput {
  job: ImportJobRow;
  repositories: Repositories;
  /** Staged contacts per transaction. */
  batchSize?: number;
  /** Called after each committed batch (the job runner's checkpoint). */
  afterBatch?: () => Promise<void>;
  now?: () => Date;
}

export async function processStagedContacts(input: ProcessInput): Promise<void> {
  const { job, repositories } = input;
  const batchSize = input.batchSize ?? 500;
  let cursor = Number(job.stage_cursor);
  for (;;) {
    const batch = await repositories.processing.nextBatch(job.id, cursor, batchSize);
    if (batch.length === 0) return;
    const last = batch[batch.length - 1]!.id;
    const audit = {
      jobId: job.id,
      userId: job.on_behalf_of_user_id,
      now: (input.now?.() ?? new Date()).toISOString(),
    };
    await repositories.processing.inTransaction(audit, async (unit) => {
      const run = new BatchRun(unit, job, batch, await unit.stagedProfiles(job.id, batch));
      for (const staged of batch) await run.apply(staged.id, new Set());
      await run.refreshMatchKeys();
      await unit.markProcessed(run.processed);
      await unit.advance(job.id, last, run.counts);
    });
    cursor = last;
    await input.afterBatch?.();
  }
}

/** One batch's work inside its transaction. */
class BatchRun {
  readonly counts: ProcessCounts = { created: 0, merged: 0, discarded: 0 };
  /** Existing contacts merged into: their keys are recomputed from the database. */
  private readonly merged = new Set<number>();
  /** Contacts created here, as written: their keys come from what was written. */
  private readonly created: ContactSnapshot[] = [];
  /** What this batch did with each staged contact it processed (contact id, or null: discarded). */
  private readonly outcomes = new Map<number, number | null>();
  /** Written with the batch's other progress at its end. */
  readonly processed: Array<{ stagedId: number; resultContactId: number | null }> = [];
  private readonly batchRows: Map<number, StagedContactRow>;

  /**
   * `batch` was read just before this transaction and only this runner (it holds the lease)
   * processes the job, so a batch row is current unless this batch processed it already.
   */
  constructor(
    private readonly unit: ContactWriteUnit,
    private readonly job: ImportJobRow,
    batch: readonly StagedContactRow[],
    private readonly profiles: Map<number, StagedProfile>,
  ) {
    this.batchRows = new Map(batch.map((row) => [row.id, row]));
  }

  private async current(stagedId: number): Promise<StagedContactRow | undefined> {
    return this.batchRows.get(stagedId) ?? this.unit.stagedContact(this.job.id, stagedId);
  }

  private async profileOf(staged: StagedContactRow): Promise<StagedProfile> {
    return this.profiles.get(staged.id) ?? this.unit.stagedProfile(staged);
  }

  /**
   * Applies one staged contact's action; returns the contact it became (undefined when it stays
   * unprocessed, null when discarded). `resolving` holds the staged contacts whose merge waits
   * on this one, so that two staged contacts matched to each other cannot loop.
   */
  async apply(stagedId: number, resolving: Set<number>): Promise<number | null | undefined> {
    if (this.outcomes.has(stagedId)) return this.outcomes.get(stagedId);
    const staged = await this.current(stagedId);
    if (!staged) return undefined;
    if (staged.processed_at !== null) return staged.result_contact_id;
    if (staged.action === null) return undefined;
    let outcome: number | null | undefined;
    if (staged.action === 'discard') {
      this.counts.discarded += 1;
      outcome = null;
    } else if (staged.action === 'create') {
      outcome = await this.create(staged);
    } else {
      outcome = await this.merge(staged, resolving);
    }
    if (outcome !== undefined) {
      this.outcomes.set(stagedId, outcome);
      this.processed.push({ stagedId, resultContactId: outcome });
    }
    return outcome;
  }

  private async create(staged: StagedContactRow): Promise<number> {
    const profile = await this.profileOf(staged);
    const fields = createdFields(profile);
    const id = await this.unit.createContact(
      { ...fields, owner_user_id: this.job.on_behalf_of_user_id, ...nameColumnsOf(fields) },
      stagedAdditions(profile, this.job.package_name),
    );
    this.counts.created += 1;
    return id;
  }

  private async merge(staged: StagedContactRow, resolving: Set<number>): Promise<number | undefined> {
    let target: number | null | undefined = staged.match_contact_id;
    if (target === null && staged.match_staged_contact_id !== null) {
      const other = staged.match_staged_contact_id;
      // Matched to each other: the first one reached becomes a contact, the other merges into it.
      if (resolving.has(other)) return this.create(staged);
      target = await this.apply(other, new Set([...resolving, staged.id]));
      // Its match was discarded: this one is new after all.
      if (target === null) return this.create(staged);
    }
    // No target yet (its staged match has no action), or the contact is gone or no longer
    // visible to the user: it stays unprocessed for the reviewer.
    if (target === null || target === undefined) return undefined;
    if (!(await this.unit.isVisible(this.job.on_behalf_of_user_id, target))) return undefined;
    // The target may be a contact this batch created: its collections must be written first.
    await this.flushCreates();
    const existing = (await this.unit.snapshots([target])).get(target)!;
    const profile = await this.profileOf(staged);
    const choices = new Set<string>(
      staged.field_choices ? (JSON.parse(staged.field_choices) as string[]) : [],
    );
    const changes = planMerge(existing, profile, choices, this.job.package_name);
    await this.unit.updateFields(
      target,
      changes.fields,
      nameColumnsOf(mergedFields(existing, changes.fields)),
    );
    for (const { old, addition } of changes.replacements) {
      await this.unit.removeRow(addition.table, old);
      await this.unit.addRow(target, addition.table, addition.values);
    }
    for (const addition of changes.additions) await this.unit.addRow(target, addition.table, addition.values);
    this.merged.add(target);
    this.counts.merged += 1;
    return target;
  }

  private async flushCreates(): Promise<void> {
    this.created.push(...(await this.unit.flushCreates()));
  }

  async refreshMatchKeys(): Promise<void> {
    await this.flushCreates();
    // A contact created here and merged into later in the batch is recomputed from the database.
    const fresh = this.created.filter((snapshot) => !this.merged.has(snapshot.contact.id));
    await this.unit.addMatchIndex(
      fresh.map((snapshot) => ({ contactId: snapshot.contact.id, index: matchIndexOfSnapshot(snapshot) })),
    );
    const snapshots = await this.unit.snapshots([...this.merged]);
    for (const snapshot of snapshots.values()) {
      await this.unit.replaceMatchIndex(snapshot.contact.id, matchIndexOfSnapshot(snapshot));
    }
  }
}

function mergedFields(
  existing: ContactSnapshot,
  changes: ReadonlyArray<{ field: string; after: string | null }>,
) {
  const fields = { ...existing.contact } as Record<string, unknown>;
  for (const change of changes) fields[change.field] = change.after;
  return fields as typeof existing.contact;
}
