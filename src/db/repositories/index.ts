import type { DatabaseConnection } from '../database.js';
import { AuthRepository } from './auth.repository.js';
import { ContactAccessRepository } from './contact-access.repository.js';
import { ContactListsRepository } from './contact-lists.repository.js';
import { ContactsRepository } from './contacts.repository.js';
import { FileLeasesRepository } from './file-leases.repository.js';
import { ImportErrorsRepository } from './import-errors.repository.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { MatchExportRepository } from './match-export.repository.js';
import { MatchIndexRepository } from './match-index.repository.js';
import { MatchingRepository } from './matching.repository.js';
import { NotificationsRepository } from './notifications.repository.js';
import { ProcessingRepository } from './processing.repository.js';
import { ReviewRepository } from './review.repository.js';
import { StagingRepository } from './staging.repository.js';
import { TeamsRepository } from './teams.repository.js';
import { UsersRepository } from './users.repository.js';

/** The data-access layer: the only code that talks to the database. */
export interface Repositories {
  users: UsersRepository;
  importJobs: ImportJobsRepository;
  fileLeases: FileLeasesRepository;
  staging: StagingRepository;
  importErrors: ImportErrorsRepository;
  notifications: NotificationsRepository;
  auth: AuthRepository;
  contactAccess: ContactAccessRepository;
  contacts: ContactsRepository;
  contactLists: ContactListsRepository;
  teams: TeamsRepository;
  review: ReviewRepository;
  processing: ProcessingRepository;
  matching: MatchingRepository;
  matchIndex: MatchIndexRepository;
  matchExport: MatchExportRepository;
}

export function createRepositories({
  db,
  batchInserter,
  bulkWrites,
  transactionSeries,
  dialect,
}: DatabaseConnection): Repositories {
  return {
    users: new UsersRepository(db),
    importJobs: new ImportJobsRepository(db, dialect),
    fileLeases: new FileLeasesRepository(db),
    staging: new StagingRepository(db, batchInserter, dialect),
    importErrors: new ImportErrorsRepository(db),
    notifications: new NotificationsRepository(db, dialect),
    auth: new AuthRepository(db),
    contactAccess: new ContactAccessRepository(db),
    contacts: new ContactsRepository(db),
    contactLists: new ContactListsRepository(db),
    teams: new TeamsRepository(db),
    review: new ReviewRepository(db),
    processing: new ProcessingRepository(db, dialect, bulkWrites, transactionSeries),
    matching: new MatchingRepository(db, batchInserter, dialect),
    matchIndex: new MatchIndexRepository(db, dialect),
    matchExport: new MatchExportRepository(db),
  };
}
