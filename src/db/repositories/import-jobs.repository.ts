import { sql } from 'kysely';
import type { ImportStage, ImportStatus } from '../../jobs/import-job.js';
import type { Database } from '../database.js';
import type { ImportJobFileRow, ImportJobRow } from '../schema.js';

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
  limit?: number;
  /** Only jobs this user submitted or that import on their behalf (non-administrators' view). */
  visibleToUserId?: number;
}

export interface JobFilePlan {
  fileName: string;
  mappingName: string;
  dataType: string;
  position: number;
  uncompressedBytes: number;
}

export type ImportJobWithUsers = ImportJobRow & { on_behalf_of: string; submitted_by: string };

export class ImportJobsRepository {
  constructor(private readonly db: Database) {}

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

  /** Newest first. Description matches as a case-insensitive substring, as people search lists. */
  list(filter: ImportJobFilter = {}): Promise<ImportJobWithUsers[]> {
    let query = this.selectWithUsers();
    if (filter.description) {
      query = query.where(sql<boolean>`lower(j.description) like ${`%${filter.description.toLowerCase()}%`}`);
    }
    if (filter.stage) query = query.where('j.stage', '=', filter.stage);
    if (filter.status) query = query.where('j.status', '=', filter.status);
    if (filter.since) query = query.where('j.created_at', '>=', filter.since);
    const viewerId = filter.visibleToUserId;
    if (viewerId !== undefined) {
      query = query.where((eb) =>
        eb.or([eb('j.submitted_by_user_id', '=', viewerId), eb('j.on_behalf_of_user_id', '=', viewerId)]),
      );
    }
    return query
      .orderBy('j.created_at', 'desc')
      .orderBy('j.id')
      .limit(filter.limit ?? 1000)
      .execute();
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
   * worker holds it. A crashed worker's lease simply runs out, which is how jobs resume.
   */
  async claim(jobId: number, owner: string, leaseSeconds: number, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('import_jobs')
      .set((eb) => ({
        lease_owner: owner,
        lease_expires_at: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
        started_at: eb.fn.coalesce('started_at', eb.val(now.toISOString())),
        attempts: eb('attempts', '+', 1),
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
   * Ends a Running job as Failed and releases its lease, so its runner stops at its next batch
   * and nobody resumes it. False when the job was no longer Running.
   */
  async cancel(
    jobId: number,
    failure: { code: string; message: string },
    now = new Date(),
  ): Promise<boolean> {
    return this.finish(jobId, { status: 'Failed', failure }, now);
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

  /** Ends a Running job; false when it had already ended (e.g. it was cancelled meanwhile). */
  async finish(
    jobId: number,
    outcome: { status: ImportStatus; stage?: ImportStage; failure?: { code: string; message: string } },
    now = new Date(),
  ): Promise<boolean> {
    return this.endStage(jobId, outcome, now);
  }

  /**
   * A Running job's background stage is over: the job moves to the given stage and status (to
   * wait for people, to another background stage, or to its end) and the lease is released.
   * False when the job was no longer Running (cancelled meanwhile).
   */
  async endStage(
    jobId: number,
    next: { status: ImportStatus; stage?: ImportStage; failure?: { code: string; message: string } },
    now = new Date(),
  ): Promise<boolean> {
    const ended = next.status === 'Completed' || next.status === 'Failed';
    const result = await this.db
      .updateTable('import_jobs')
      .set({
        status: next.status,
        ...(next.stage ? { stage: next.stage } : {}),
        finished_at: ended ? now.toISOString() : null,
        failure_code: next.failure?.code ?? null,
        failure_message: next.failure?.message ?? null,
        lease_owner: null,
        lease_expires_at: null,
        stage_cursor: 0,
      })
      .where('id', '=', jobId)
      .where('status', '=', 'Running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * A person moves a job that waits for them on to a background stage (e.g. Review Staged Data
   * → Match). False when the job is not waiting at one of `from` — someone else moved it first.
   */
  async startStage(jobId: number, from: readonly ImportStage[], stage: ImportStage): Promise<boolean> {
    const result = await this.db
      .updateTable('import_jobs')
      .set({ stage, status: 'Running', stage_cursor: 0, lease_owner: null, lease_expires_at: null })
      .where('id', '=', jobId)
      .where('status', '=', 'Waiting for User')
      .where('stage', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
