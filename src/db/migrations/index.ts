import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import * as initial from './0001-initial.js';
import * as auth from './0002-auth.js';
import * as contacts from './0003-contacts.js';
import * as fileLeases from './0004-file-leases.js';
import * as stagedMatchKeys from './0005-staged-match-keys.js';
import * as stagedContactsJobOrder from './0006-staged-contacts-job-order.js';
import * as identifyDuplicatesBy from './0007-identify-duplicates-by.js';
import * as interruptedRuns from './0008-interrupted-runs.js';
import * as contactMatchProfiles from './0009-contact-match-profiles.js';
import * as contactSearchName from './0010-contact-search-name.js';
import * as valueWarnings from './0011-value-warnings.js';
import * as jobMatchModel from './0015-job-match-model.js';
import * as matchKeysWithoutRowid from './0016-match-keys-without-rowid.js';
import * as stagingJobReference from './0017-staging-job-reference.js';
import * as contactOwnersIndex from './0018-contact-owners-index.js';

/**
 * Migrations are listed here rather than discovered on disk, so the compiled build carries them.
 * Each gets the dialect, for the few declarations that differ (generated keys).
 */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-initial': { up: (db) => initial.up(db, dialect) },
        '0002-auth': { up: (db) => auth.up(db, dialect) },
        '0003-contacts': { up: (db) => contacts.up(db, dialect) },
        '0004-file-leases': { up: (db) => fileLeases.up(db) },
        '0005-staged-match-keys': { up: (db) => stagedMatchKeys.up(db, dialect) },
        '0006-staged-contacts-job-order': { up: (db) => stagedContactsJobOrder.up(db) },
        '0007-identify-duplicates-by': { up: (db) => identifyDuplicatesBy.up(db) },
        '0008-interrupted-runs': { up: (db) => interruptedRuns.up(db) },
        '0009-contact-match-profiles': { up: (db) => contactMatchProfiles.up(db) },
        '0010-contact-search-name': { up: (db) => contactSearchName.up(db, dialect) },
        '0011-value-warnings': { up: (db) => valueWarnings.up(db) },
        '0015-job-match-model': { up: (db) => jobMatchModel.up(db) },
        '0016-match-keys-without-rowid': { up: (db) => matchKeysWithoutRowid.up(db, dialect) },
        '0017-staging-job-reference': { up: (db) => stagingJobReference.up(db, dialect) },
        '0018-contact-owners-index': { up: (db) => contactOwnersIndex.up(db) },
      };
    },
  };
}
