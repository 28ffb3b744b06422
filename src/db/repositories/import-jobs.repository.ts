import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { ImportStage, ImportStatus } from '../../format/import-stages.js';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect-name.js';
import type { DatabaseSchema, ImportJobFileRow, ImportJobRow, NotificationRow } from '../schema.js';
import { sendSignal, signalChannels } from '../signals.js';
import { insertNotifications, type NotificationDraft } from './notifications.repository.js';

export interface NewImportJob {
  description: string;
  packageName: string;
  packagePath: string;
  packageBytes: number;
  onBehalfOfUserId: number;
  submittedByUserId: number;
}

export interface ImportJobFilter {
  description?: string;
  stage?: string;
  status?: string;
  /** ISO date or timestamp: jobs created at or after it. */
  since?: string;
  /** ISO timestamp: jobs created before it. */
  until?: string;
  /** Only jobs this user submitted or that import on their behalf (non-administrators' view). */
  visibleToUserId?: number;
}

/** The columns the Import Processes list sorts by. */
export const importJobSortKeys = ['created', 'description', 'onBehalfOf', 'stage', 'status'] as const;
export type ImportJobSortKey = (typeof importJobSortKeys)[number];

export interface ImportJobPage {
  /** Default: created. */
  sort?: ImportJobSortKey;
  /** Default: desc for created, asc otherwise. */
  order?: 'asc' | 'desc';
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

/** A list filter with its page; `limit` is the old name of pageSize (first page only). */
export interface ImportJobQuery extends ImportJobFilter, ImportJobPage {
  limit?: number;
}

const sortColumns = {
  created: 'j.created_at',
  description: 'j.description',
  onBehalfOf: 'obo.user_name',
  stage: 'j.stage',
  status: 'j.status',
} as const satisfies Record<ImportJobSortKey, string>;

/** The largest page the list returns, whatever is asked. */
export const maxImportJobPageSize = 1000;

type JobsAsJ = DatabaseSchema & { j: DatabaseSchema['import_jobs'] };

export interface JobFilePlan {
  fileName: string;
  mappingName: string;
  dataType: string;
  position: number;
  uncompressedBytes: number;
}

export type ImportJobWithUsers = ImportJobRow & { on_behalf_of: string; submitted_by: string };

export class ImportJobsRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: DialectName = 'sqlite',
  ) {}

  /** Tells the workers listening (PostgreSQL) that the job's background stage waits to be run. */
  announce(jobId: number): Promise<void> {
    return sendSignal(this.db, this.dialect, signalChannels.jobs, String(jobId));
  }

  /** Records a new job and returns its id. */
  async create(job: NewImportJob, now = new Date()): Promise<number> {
    const row = await this.db
      .insertInto('import_jobs')
      .values({
        description: job.description,
        package_name: job.packageName,
        package_path: job.packagePath,
        package_bytes: job.packageBytes,
        on_behalf_of_user_id: job.onBehalfOfUserId,
        submitted_by_user_id: job.submittedByUserId,
        stage: 'Load Package' satisfies ImportStage,
        status: 'Running' satisfies ImportStatus,
        created_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private selectWithUsers() {
    return this.db
      .selectFrom('import_jobs as j')
      .innerJoin('users as obo', 'obo.id', 'j.on_behalf_of_user_id')
      .innerJoin('users as sub', 'sub.id', 'j.submitted_by_user_id')
      .selectAll('j')
      .select(['obo.user_name as on_behalf_of', 'sub.user_name as submitted_by']);
  }

  find(id: number): Promise<ImportJobWithUsers | undefined> {
    return this.selectWithUsers().where('j.id', '=', id).executeTakeFirst();
  }

  /**
   * One page of the Import Processes list, newest first unless sorted otherwise (ties by id, so
   * pages never overlap). Description matches as a case-insensitive substring.
   */
  list(query: ImportJobQuery = {}): Promise<ImportJobWithUsers[]> {
    const sort = query.sort ?? 'created';
    const order = query.order ?? (sort === 'created' ? 'desc' : 'asc');
    const pageSize = Math.min(maxImportJobPageSize, query.pageSize ?? query.limit ?? maxImportJobPageSize);
    const page = Math.max(1, query.page ?? 1);
    return this.selectWithUsers()
      .where(this.matching(query))
      .orderBy(sortColumns[sort], order)
      .orderBy('j.id', order)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
  }

  /** How many jobs the filter finds on all pages. */
  async count(filter: ImportJobFilter = {}): Promise<number> {
    const row = await this.db
      .selectFrom('import_jobs as j')
      .where(this.matching(filter))
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /** The filter as one condition on `import_jobs as j`, for the list and its count alike. */
  private matching(filter: ImportJobFilter) {
    return (eb: ExpressionBuilder<JobsAsJ, 'j'>) => {
      const conditions: Expression<SqlBool>[] = [];
      if (filter.description) {
        conditions.push(sql<boolean>`lower(j.description) like ${`%${filter.description.toLowerCase()}%`}`);
      }
      if (filter.stage) conditions.push(eb('j.stage', '=', filter.stage));
      if (filter.status) conditions.push(eb('j.status', '=', filter.status));
      if (filter.since) conditions.push(eb('j.created_at', '>=', filter.since));
      if (filter.until) conditions.push(eb('j.created_at', '<', filter.until));
      const viewerId = filter.visibleToUserId;
      if (viewerId !== undefined) {
        conditions.push(
          eb.or([eb('j.submitted_by_user_id', '=', viewerId), eb('j.on_behalf_of_user_id', '=', viewerId)]),
        );
      }
      return eb.and(conditions);
    };
  }

  files(jobId: number): Promise<ImportJobFileRow[]> {
    return this.db
      .selectFrom('import_job_files')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('position')
      .execute();
  }

  /** Records the files of a validated package once; a resumed job keeps its progress. */
  async planFiles(jobId: number, plan: readonly JobFilePlan[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('import_job_files')
        .select('file_name')
        .where('job_id', '=', jobId)
        .execute();
      if (existing.length > 0) return;
      await trx
        .insertInto('import_job_files')
        .values(
          plan.map((file) => ({
            job_id: jobId,
            file_name: file.fileName,
            mapping_name: file.mappingName,
            data_type: file.dataType,
            position: file.position,
            uncompressed_bytes: file.uncompressedBytes,
          })),
        )
        .execute();
      await trx
        .updateTable('import_jobs')
        .set({ total_bytes: plan.reduce((sum, file) => sum + file.uncompressedBytes, 0) })
        .where('id', '=', jobId)
        .execute();
    });
  }

  async describeFile(
    jobId: number,
    fileName: string,
    details: { encoding: string; delimiter: string; header: string[] },
  ): Promise<void> {
    await this.db
      .updateTable('import_job_files')
      .set({
        encoding: details.encoding,
        delimiter: details.delimiter,
        header: JSON.stringify(details.header),
        state: 'loading',
      })
      .where('job_id', '=', jobId)
      .where('file_name', '=', fileName)
      .execute();
  }

  async markFileDone(jobId: number, fileName: string): Promise<void> {
    await this.db
      .updateTable('import_job_files')
      .set({ state: 'done' })
      .where('job_id', '=', jobId)
      .where('file_name', '=', fileName)
      .execute();
  }

  /**
   * Takes the job for one worker until the lease expires. Returns false when another live
   * worker holds it. A crashed worker's lease simply runs out, which is how jobs resume; taking
   * such a lease over counts the dead run in `interrupted_runs`.
   */
  async claim(jobId: number, owner: string, leaseSeconds: number, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('import_jobs')
      .set((eb) => ({
        lease_owner: owner,
        lease_expires_at: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
        started_at: eb.fn.coalesce('started_at', eb.val(now.toISOString())),
        attempts: eb('attempts', '+', 1),
        // Another owner's lease can only be taken once it ran out (see below): that run died.
        // A lease given back (null) or this owner's own is no interruption.
        interrupted_runs: eb
          .case()
          .when(eb.and([eb('lease_owner', 'is not', null), eb('lease_owner', '<>', owner)]))
          .then(eb('interrupted_runs', '+', 1))
          .else(eb.ref('interrupted_runs'))
          .end(),
      }))
      .where('id', '=', jobId)
      .where('status', '=', 'Running')
      .where((eb) =>
        eb.or([
          eb('lease_owner', 'is', null),
          eb('lease_owner', '=', owner),
          eb('lease_expires_at', '<', now.toISOString()),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async renewLease(jobId: number, owner: string, leaseSeconds: number, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('import_jobs')
      .set({ lease_expires_at: new Date(now.getTime() + leaseSeconds * 1000).toISOString() })
      .where('id', '=', jobId)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * This run committed a batch: the job is getting on, so the runs that died before it no
   * longer count against DOVETAIL_MAX_JOB_ATTEMPTS.
   */
  async clearInterruptedRuns(jobId: number, owner: string): Promise<void> {
    await this.db
      .updateTable('import_jobs')
      .set({ interrupted_runs: 0 })
      .where('id', '=', jobId)
      .where('lease_owner', '=', owner)
      .where('interrupted_runs', '>', 0)
      .execute();
  }

  /** Whether this worker still holds the job's lease and the job still runs (not cancelled). */
  async holdsLease(jobId: number, owner: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('import_jobs')
      .select('id')
      .where('id', '=', jobId)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'Running')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Gives the job back without ending its stage (a worker that stops), so another worker can
   * take it at once instead of waiting for the lease to run out.
   */
  async releaseLease(jobId: number, owner: string): Promise<void> {
    await this.db
      .updateTable('import_jobs')
      .set({ lease_owner: null, lease_expires_at: null })
      .where('id', '=', jobId)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * Ends a Running job as Failed and releases its lease, so its runner stops at its next batch
   * and nobody resumes it. The stored notifications, or false when the job was no longer Running.
   */
  cancel(
    jobId: number,
    failure: { code: string; message: string },
    noticesOf?: (job: ImportJobRow) => readonly NotificationDraft[],
  ): Promise<NotificationRow[] | false> {
    return this.endStage(jobId, { status: 'Failed', failure }, noticesOf);
  }

  /** Running jobs that nobody holds: never started, or left behind by a crashed process. */
  async findResumable(now = new Date()): Promise<number[]> {
    const rows = await this.db
      .selectFrom('import_jobs')
      .select('id')
      .where('status', '=', 'Running')
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', now.toISOString())]))
      .orderBy('created_at')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * A Running job's background stage is over: the job moves to the given stage and status (to
   * wait for people, to another background stage, or to its end) and the lease is released.
   * The notifications `noticesOf` the moved job are stored in the same transaction, so no one
   * sees the job ended without them and no crash keeps one without the other. Returns them,
   * or false when the job was no longer Running (cancelled meanwhile).
   */
  endStage(
    jobId: number,
    next: { status: ImportStatus; stage?: ImportStage; failure?: { code: string; message: string } },
    noticesOf?: (job: ImportJobRow) => readonly NotificationDraft[],
  ): Promise<NotificationRow[] | false> {
    const ended = next.status === 'Completed' || next.status === 'Failed';
    return this.db.transaction().execute(async (trx) => {
      const job = await trx
        .updateTable('import_jobs')
        .set({
          status: next.status,
          ...(next.stage ? { stage: next.stage } : {}),
          finished_at: ended ? new Date().toISOString() : null,
          failure_code: next.failure?.code ?? null,
          failure_message: next.failure?.message ?? null,
          lease_owner: null,
          lease_expires_at: null,
          stage_cursor: 0,
          interrupted_runs: 0,
        })
        .where('id', '=', jobId)
        .where('status', '=', 'Running')
        .returningAll()
        .executeTakeFirst();
      if (!job) return false;
      return noticesOf ? insertNotifications(trx, this.dialect, noticesOf(job)) : [];
    });
  }

  /**
   * Stores the match model the Match stage estimated for the job (matchModelToJson), or null for
   * the default model, so a resumed stage scores with the same weights.
   */
  async saveMatchModel(jobId: number, model: string | null): Promise<void> {
    await this.db.updateTable('import_jobs').set({ match_model: model }).where('id', '=', jobId).execute();
  }

  /** The match model stored for the job (matchModelFromJson reads it); null: the default model. */
  async matchModelOf(jobId: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('import_jobs')
      .select('match_model')
      .where('id', '=', jobId)
      .executeTakeFirst();
    return row?.match_model ?? null;
  }

  /**
   * A person moves a job that waits for them on to a background stage (e.g. Review Staged Data
   * → Match). False when the job is not waiting at one of `from` — someone else moved it first.
   */
  async startStage(
    jobId: number,
    from: readonly ImportStage[],
    stage: ImportStage,
    /** Match only: the duplicate keys chosen (JSON), null for none. */
    settings: { identify_duplicates_by?: string | null } = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('import_jobs')
      .set({
        stage,
        status: 'Running',
        stage_cursor: 0,
        lease_owner: null,
        lease_expires_at: null,
        interrupted_runs: 0,
        ...settings,
      })
      .where('id', '=', jobId)
      .where('status', '=', 'Waiting for User')
      .where('stage', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
