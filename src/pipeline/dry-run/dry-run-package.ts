/**
 * Dry run: validates a package and matches its contacts the way an import would, without
 * staging anything. Every file is read, mapped and validated (duplicate legacy keys and orphan
 * child rows included); the valid contacts are matched in memory against each other and, through
 * the matching repository (visibility applied there), against the contacts the on-behalf-of
 * user may see. Nothing is written to the database.
 *
 * The package's contacts are held in memory as match profiles (a few hundred bytes each), which
 * a staged import avoids; a dry run of millions of contacts needs memory in proportion.
 */
import type { Config } from '../../config/config.js';
import type { MatchingRepository } from '../../db/repositories/matching.repository.js';
import type { RowProblem } from '../../errors/dovetail-error.js';
import { isContactDataType } from '../../format/attributes.js';
import type { MappedChild, MappedContact } from '../../format/mapped-record.js';
import { readMappedFile } from '../load/mapped-file.js';
import { blockingKeysOfPrepared } from '../match/blocking-keys.js';
import { CandidateIndex } from '../match/candidate-index.js';
import { findMatches } from '../match/find-matches.js';
import {
  completeProfile,
  type MatchProfile,
  type PreparedProfile,
  prepareProfile,
} from '../match/match-profile.js';
import type { MatchBand } from '../match/match-weights.js';
import { profileFromStoredText } from '../match/stored-profile.js';
import { openPackage } from '../package/open-package.js';

export interface DryRunInput {
  packagePath: string;
  onBehalfOfUserId: number;
  repositories: { matching: MatchingRepository };
  config: Pick<Config, 'archive' | 'stageBatchRows' | 'errorLogLimit'>;
}

export interface DryRunError {
  file: string;
  line: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface DryRunReport {
  files: { file: string; dataType: string; rowsRead: number; rowsRejected: number }[];
  /** The first errors (DOVETAIL_ERROR_LOG_LIMIT), in file order. */
  errors: DryRunError[];
  errorCount: number;
  contacts: number;
  /** Contacts whose best match is in each band; the rest would be created. */
  matched: Record<MatchBand, number>;
  wouldCreate: number;
  /** Of the matched, how many match another contact of the same package rather than an existing one. */
  matchedWithinPackage: number;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function profileOf(contact: MappedContact): MatchProfile {
  const a = contact.attributes;
  return completeProfile({
    kind: contact.dataType === 'company' ? 'company' : 'person',
    title: text(a.title),
    firstName: text(a.firstName),
    middleName: text(a.middleName),
    lastName: text(a.lastName),
    preferredName: text(a.preferredName),
    suffix: text(a.suffix),
    birthDate: text(a.birthDate),
    companyName: text(a.companyName),
    legacyKeys: [contact.key],
    addresses: [],
  });
}

function addChild(profile: MatchProfile, child: MappedChild): void {
  const a = child.attributes;
  if (child.dataType === 'address') {
    const address = {
      street: text(a.street),
      city: text(a.city),
      postalCode: text(a.postalCode),
      country: text(a.country),
    };
    profile.addresses = [...(profile.addresses ?? []), address];
    if (address.postalCode) profile.postalCodes = [...profile.postalCodes, address.postalCode];
  } else if (child.dataType === 'communication') {
    const value = text(a.value);
    if (!value) return;
    if (a.channel === 'email') profile.emails = [...profile.emails, value];
    if (a.channel === 'phone' || a.channel === 'fax') profile.phones = [...profile.phones, value];
  }
}

/** @example const report = await dryRunPackage({ packagePath, onBehalfOfUserId, repositories, config }) */
export async function dryRunPackage(input: DryRunInput): Promise<DryRunReport> {
  const report: DryRunReport = {
    files: [],
    errors: [],
    errorCount: 0,
    contacts: 0,
    matched: { High: 0, Medium: 0, Low: 0 },
    wouldCreate: 0,
    matchedWithinPackage: 0,
  };
  const profiles = new Map<string, MatchProfile & { line: number }>();
  const opened = await openPackage(input.packagePath, input.config.archive);
  try {
    for (const file of opened.files) {
      const isContactFile = isContactDataType(file.mapping.dataType);
      const keyColumn = (isContactFile ? file.mapping.keyColumn : file.mapping.parentKeyColumn) ?? null;
      const summary = { file: file.csv, dataType: file.mapping.dataType, rowsRead: 0, rowsRejected: 0 };
      report.files.push(summary);
      const reject = (line: number, problems: readonly RowProblem[]) => {
        summary.rowsRejected += 1;
        for (const problem of problems) {
          report.errorCount += 1;
          if (report.errors.length < input.config.errorLogLimit) {
            report.errors.push({
              file: file.csv,
              line,
              column: problem.column ?? null,
              value: problem.value ?? null,
              code: problem.code,
              message: problem.message,
            });
          }
        }
      };
      const mapped = await readMappedFile(
        {
          packagePath: input.packagePath,
          limits: input.config.archive,
          csv: file.csv,
          mapping: file.mapping,
          definition: opened.definition,
          skipThroughLine: 0,
          batchRows: input.config.stageBatchRows,
        },
        opened.archive,
      );
      for await (const batch of mapped.batches) {
        for (const row of batch.rows) {
          summary.rowsRead += 1;
          if (!row.result.ok) {
            reject(row.line, row.result.problems);
            continue;
          }
          const record = row.result.record;
          if ('key' in record) {
            const earlier = profiles.get(record.key);
            if (earlier) {
              const message = `the legacy key "${record.key}" is already used by the contact on line ${earlier.line}`;
              reject(row.line, [
                { code: 'ROW_DUPLICATE_KEY', message, column: keyColumn ?? undefined, value: record.key },
              ]);
            } else profiles.set(record.key, Object.assign(profileOf(record), { line: row.line }));
          } else {
            const owner = profiles.get(record.parentKey);
            if (owner) addChild(owner, record);
            else {
              const message = `no contact with the legacy key "${record.parentKey}" is in the package (or it was rejected)`;
              reject(row.line, [
                { code: 'ROW_ORPHAN', message, column: keyColumn ?? undefined, value: record.parentKey },
              ]);
            }
          }
        }
      }
    }
  } finally {
    opened.archive.close();
  }
  report.errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  await matchInMemory(input, [...profiles.values()], report);
  return report;
}

async function matchInMemory(
  input: DryRunInput,
  profiles: MatchProfile[],
  report: DryRunReport,
): Promise<void> {
  const withinPackage = new CandidateIndex();
  const batchSize = input.config.stageBatchRows;
  for (let start = 0; start < profiles.length; start += batchSize) {
    const batch = profiles.slice(start, start + batchSize).map((profile) => prepareProfile(profile));
    const keysOf = batch.map(blockingKeysOfPrepared);
    const distinctKeys = [...new Set(keysOf.flat())];
    const existing = await input.repositories.matching.visibleCandidates(
      input.onBehalfOfUserId,
      distinctKeys,
      50,
    );
    const prepared = new Map<number, PreparedProfile>();
    for (const [id, text] of existing.profileTexts)
      prepared.set(id, prepareProfile(profileFromStoredText(id, text)));
    const idsByKey = new Map<string, number[]>();
    existing.hits.positions.forEach((position, hit) => {
      const key = distinctKeys[position]!;
      idsByKey.set(key, [...(idsByKey.get(key) ?? []), existing.hits.ids[hit]!]);
    });
    batch.forEach((incoming, index) => {
      const keys = keysOf[index]!;
      const candidates = new Set<PreparedProfile>();
      for (const key of keys) for (const id of idsByKey.get(key) ?? []) candidates.add(prepared.get(id)!);
      const best = findMatches(incoming, candidates)[0];
      const bestInPackage = findMatches(incoming, withinPackage.candidatesFor(incoming, keys))[0];
      const strongest = !best || (bestInPackage && bestInPackage.score > best.score) ? bestInPackage : best;
      report.contacts += 1;
      if (strongest?.band) {
        report.matched[strongest.band] += 1;
        if (strongest === bestInPackage) report.matchedWithinPackage += 1;
      } else report.wouldCreate += 1;
      withinPackage.add(incoming, keys);
    });
  }
}
