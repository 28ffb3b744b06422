/**
 * The import use cases every shell (CLI today, HTTP and web UI next) calls: start an import,
 * list and show import processes, read the error log and the full error file.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Config } from '../config/config.js';
import type { ImportJobQuery } from '../db/repositories/import-jobs.repository.js';
import type { Repositories } from '../db/repositories/index.js';
import type { ImportErrorRow } from '../db/schema.js';
import { DovetailError } from '../errors/dovetail-error.js';
import { toCsvLine } from '../format/csv-line.js';
import { toPeopleCsvLine } from '../format/people-csv.js';
import { textLimits } from '../format/text-limits.js';
import { type ImportJob, importCancelledCode } from './import-job.js';
import { toImportJob } from './import-job-view.js';
import type { NotificationService } from './notification-service.js';

export interface StartImportRequest {
  packagePath: string;
  description: string;
  /** User name; defaults to the submitter. Only existing contacts this user may see are matched. */
  onBehalfOf?: string;
  submittedBy: string;
}

export interface ErrorLog {
  jobId: number;
  description: string;
  /** All entries found (errors and warnings), even beyond the log's limit. */
  total: number;
  errorTotal: number;
  /** Invalid optional values left out of staged rows. */
  warningTotal: number;
  limit: number;
  errors: Array<{
    severity: 'error' | 'warning';
    file: string | null;
    line: number | null;
    column: string | null;
    value: string | null;
    code: string;
    message: string;
  }>;
}

/** Who looks at import processes, for the visibility rule. */
export interface ImportViewer {
  id: number;
  isAdmin: boolean;
}

/** Who cancels an import process: its submitter or an administrator. */
export interface ImportCanceller extends ImportViewer {
  userName: string;
}

export class ImportService {
  constructor(
    private readonly repositories: Repositories,
    private readonly config: Config,
    private readonly notifications: NotificationService,
  ) {}

  /** Records the job and keeps a copy of the package; the job runs asynchronously afterwards. */
  async startImport(request: StartImportRequest): Promise<ImportJob> {
    const description = request.description.trim();
    if (description === '') {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        'A description is required: it names the import job and its list',
      );
    }
    if (description.length > textLimits.importDescription || description.includes('\u0000')) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `A description has at most ${textLimits.importDescription} characters and no NUL character; this one has ${description.length}`,
      );
    }
    const submitter = await this.requireUser(request.submittedBy);
    const onBehalfOf = request.onBehalfOf ? await this.requireUser(request.onBehalfOf) : submitter;
    if (onBehalfOf.id !== submitter.id && !submitter.is_admin) {
      throw new DovetailError(
        'NOT_ALLOWED',
        `Only administrators can import on behalf of another user (${submitter.user_name} is not one)`,
      );
    }
    const stat = await fs.promises.stat(request.packagePath).catch(() => undefined);
    if (!stat?.isFile()) {
      throw new DovetailError('PACKAGE_NOT_FOUND', `There is no package file at ${request.packagePath}`, {
        file: request.packagePath,
      });
    }
    if (stat.size > this.config.archive.maxPackageBytes) {
      throw new DovetailError(
        'PACKAGE_TOO_LARGE',
        `The package is ${stat.size} bytes; this server accepts at most ${this.config.archive.maxPackageBytes} (DOVETAIL_MAX_PACKAGE_BYTES)`,
        { file: path.basename(request.packagePath) },
      );
    }
    // Kept under its own name, so every message about the package names the file the user sent.
    const storedPath = path.join(this.config.packagesDir, randomUUID(), path.basename(request.packagePath));
    await fs.promises.mkdir(path.dirname(storedPath), { recursive: true });
    await fs.promises.copyFile(request.packagePath, storedPath);
    const id = await this.repositories.importJobs.create({
      description,
      packageName: path.basename(request.packagePath),
      packagePath: storedPath,
      packageBytes: stat.size,
      onBehalfOfUserId: onBehalfOf.id,
      submittedByUserId: submitter.id,
    });
    return this.show(id);
  }

  async list(query: ImportJobQuery = {}): Promise<ImportJob[]> {
    const rows = await this.repositories.importJobs.list(query);
    return rows.map((row) => toImportJob(row, []));
  }

  /** One page of the list and how many jobs the filter finds on all pages. */
  async listPage(query: ImportJobQuery = {}): Promise<{ items: ImportJob[]; total: number }> {
    const [items, total] = await Promise.all([this.list(query), this.repositories.importJobs.count(query)]);
    return { items, total };
  }

  /** The list as a user sees it: administrators every job, others their own and those for them. */
  listVisibleTo(
    viewer: ImportViewer,
    query: ImportJobQuery = {},
  ): Promise<{ items: ImportJob[]; total: number }> {
    return this.listPage(viewer.isAdmin ? query : { ...query, visibleToUserId: viewer.id });
  }

  /** One job, if the user may see it; one they may not see is IMPORT_NOT_FOUND, as if absent. */
  async showVisibleTo(viewer: ImportViewer, id: number): Promise<ImportJob> {
    const row = await this.repositories.importJobs.find(id);
    const visible =
      row &&
      (viewer.isAdmin || row.submitted_by_user_id === viewer.id || row.on_behalf_of_user_id === viewer.id);
    if (!visible) throw new DovetailError('IMPORT_NOT_FOUND', `There is no import process with id ${id}`);
    return this.show(id);
  }

  /**
   * Cancels a Running job: it becomes Failed (IMPORT_CANCELLED), its lease is released so the
   * runner stops at its next batch and nobody resumes it, its staged rows are discarded and the
   * error notification is sent. A job that already ended is IMPORT_NOT_RUNNING.
   */
  async cancel(canceller: ImportCanceller, id: number): Promise<ImportJob> {
    const job = await this.showVisibleTo(canceller, id);
    const row = await this.repositories.importJobs.find(id);
    if (!row) throw new DovetailError('IMPORT_NOT_FOUND', `There is no import process with id ${id}`);
    if (!canceller.isAdmin && row.submitted_by_user_id !== canceller.id) {
      throw new DovetailError(
        'NOT_ALLOWED',
        `Only the submitter (${job.submittedBy}) or an administrator can cancel import process ${id}`,
      );
    }
    const cancelled = await this.repositories.importJobs.cancel(
      id,
      { code: importCancelledCode, message: `Cancelled by ${canceller.userName}` },
      this.notifications.noticesOf('error'),
    );
    if (!cancelled) {
      const current = await this.show(id);
      throw new DovetailError(
        'IMPORT_NOT_RUNNING',
        `Import process ${id} is ${current.status}, not Running: there is nothing to cancel`,
      );
    }
    this.notifications.deliver(cancelled);
    await this.repositories.staging.discardStagedRows(id);
    return this.show(id);
  }

  async show(id: number): Promise<ImportJob> {
    const row = await this.repositories.importJobs.find(id);
    if (!row) throw new DovetailError('IMPORT_NOT_FOUND', `There is no import process with id ${id}`);
    return toImportJob(row, await this.repositories.importJobs.files(id));
  }

  /** The error log: the first errors (DOVETAIL_ERROR_LOG_LIMIT, 500 by default) and the true total. */
  async errorLog(id: number, options: { all?: boolean } = {}): Promise<ErrorLog> {
    const job = await this.show(id);
    const counts = await this.repositories.importErrors.count(id);
    const total = counts.errors + counts.warnings;
    const limit = options.all ? total : this.config.errorLogLimit;
    const rows = await this.repositories.importErrors.first(id, Math.max(limit, 0));
    return {
      jobId: id,
      description: job.description,
      total,
      errorTotal: counts.errors,
      warningTotal: counts.warnings,
      limit: this.config.errorLogLimit,
      errors: rows.map((row) => ({
        severity: row.severity,
        file: row.file_name,
        line: row.line,
        column: row.column_name,
        value: row.value,
        code: row.code,
        message: row.message,
      })),
    };
  }

  /**
   * The full error file as CSV. For one file: its original header and rows, with the errors of
   * each row beside it, ready to fix and import again. For the whole job: one line per error
   * with the original row as a CSV line.
   */
  async writeErrorCsv(id: number, out: Writable, options: { file?: string } = {}): Promise<void> {
    await this.show(id);
    const write = async (values: readonly string[]) => {
      if (!out.write(`${toPeopleCsvLine(values)}\n`))
        await new Promise((resolve) => out.once('drain', resolve));
    };
    if (options.file !== undefined) {
      const fileRow = (await this.repositories.importJobs.files(id)).find(
        (f) => f.file_name === options.file,
      );
      if (!fileRow)
        throw new DovetailError('INVALID_ARGUMENT', `The import has no file named ${options.file}`);
      const header = fileRow.header ? (JSON.parse(fileRow.header) as string[]) : [];
      await write([...header, 'Dovetail Line', 'Dovetail Errors']);
      let current: { line: number | null; raw: string[]; messages: string[] } | undefined;
      const emit = async () => {
        if (current) await write([...current.raw, String(current.line ?? ''), current.messages.join('; ')]);
      };
      for await (const error of this.repositories.importErrors.stream(id, options.file)) {
        if (current?.line !== error.line || current === undefined) {
          await emit();
          current = { line: error.line, raw: parseRaw(error), messages: [] };
        }
        current.messages.push(describeRowError(error));
      }
      await emit();
    } else {
      await write(['File', 'Line', 'Column', 'Value', 'Code', 'Error', 'Original Row', 'Severity']);
      for await (const error of this.repositories.importErrors.stream(id)) {
        await write([
          error.file_name ?? '',
          error.line === null ? '' : String(error.line),
          error.column_name ?? '',
          error.value ?? '',
          error.code,
          error.message,
          error.raw_values ? toCsvLine(parseRaw(error)) : '',
          error.severity,
        ]);
      }
    }
    if (out !== process.stdout) {
      out.end();
      await finished(out);
    }
  }

  private async requireUser(userName: string) {
    const user = await this.repositories.users.findByUserName(userName);
    if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${userName}"`);
    return user;
  }
}

function parseRaw(error: ImportErrorRow): string[] {
  return error.raw_values ? (JSON.parse(error.raw_values) as string[]) : [];
}

function describeRowError(error: ImportErrorRow): string {
  const text = error.column_name ? `${error.column_name}: ${error.message}` : error.message;
  return error.severity === 'warning' ? `warning: ${text}` : text;
}
