import { contactDataTypes } from '../../format/attributes.js';
import type { Database } from '../database.js';

/**
 * Leases on the files of a package being loaded, so several workers can load one package at
 * once: each file by one worker at a time, the same way import_jobs' lease gives each job to one
 * runner. A worker that dies stops renewing; once its lease ran out another worker takes the file
 * and continues after its last committed line.
 */
export class FileLeasesRepository {
  constructor(private readonly db: Database) {}

  /** Takes the file for this worker; false when another live worker holds it or it is loaded. */
  async claim(jobId: number, fileName: string, owner: string, leaseSeconds: number, now = new Date()) {
    const result = await this.db
      .updateTable('import_job_files')
      .set({ lease_owner: owner, lease_expires_at: expiry(now, leaseSeconds) })
      .where('job_id', '=', jobId)
      .where('file_name', '=', fileName)
      .where('state', '!=', 'done')
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

  async renew(jobId: number, fileName: string, owner: string, leaseSeconds: number, now = new Date()) {
    const result = await this.db
      .updateTable('import_job_files')
      .set({ lease_expires_at: expiry(now, leaseSeconds) })
      .where('job_id', '=', jobId)
      .where('file_name', '=', fileName)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Marks the file loaded and gives up its lease (only its holder can). */
  async finish(jobId: number, fileName: string, owner: string): Promise<boolean> {
    const result = await this.db
      .updateTable('import_job_files')
      .set({ state: 'done', lease_owner: null, lease_expires_at: null })
      .where('job_id', '=', jobId)
      .where('file_name', '=', fileName)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(jobId: number, fileName: string, owner: string): Promise<void> {
    await this.db
      .updateTable('import_job_files')
      .set({ lease_owner: null, lease_expires_at: null })
      .where('job_id', '=', jobId)
      .where('file_name', '=', fileName)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * A child file a helping worker may load now: its job is loading (Running at Load Package,
   * its runner alive), every contact file of the job is loaded (children are checked against
   * staged contacts), and nobody holds the file. Oldest job first, then package order.
   */
  async findFileToHelp(now = new Date()): Promise<{ jobId: number; fileName: string } | undefined> {
    const at = now.toISOString();
    const row = await this.db
      .selectFrom('import_job_files as f')
      .innerJoin('import_jobs as j', 'j.id', 'f.job_id')
      .select(['f.job_id as jobId', 'f.file_name as fileName'])
      .where('j.status', '=', 'Running')
      .where('j.stage', '=', 'Load Package')
      .where('j.lease_expires_at', '>=', at)
      .where('f.state', '!=', 'done')
      .where('f.data_type', 'not in', [...contactDataTypes])
      .where((eb) => eb.or([eb('f.lease_owner', 'is', null), eb('f.lease_expires_at', '<', at)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('import_job_files as c')
              .select('c.file_name')
              .whereRef('c.job_id', '=', 'f.job_id')
              .where('c.data_type', 'in', [...contactDataTypes])
              .where('c.state', '!=', 'done'),
          ),
        ),
      )
      .orderBy('j.created_at')
      .orderBy('f.position')
      .limit(1)
      .executeTakeFirst();
    return row;
  }
}

function expiry(now: Date, leaseSeconds: number): string {
  return new Date(now.getTime() + leaseSeconds * 1000).toISOString();
}
