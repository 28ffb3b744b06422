/**
 * Duplicate keys the person who starts Match may choose, in addition to the probabilistic score:
 * when a staged contact and a candidate share a chosen key exactly, the match is High whatever
 * the score. Candidates still come only from the blocking-key lookups (visibility included);
 * a key only decides the band of a pair that lookup already found.
 */
import { formatBirthDate } from './birth-date.js';
import type { PreparedProfile } from './match-profile.js';
import { shareAValue } from './value-fingerprint.js';

export const duplicateKeys = ['legacyKey', 'email', 'phone', 'nameAndBirthDate'] as const;
export type DuplicateKey = (typeof duplicateKeys)[number];

export interface IdentifyOptions {
  /** The chosen keys; empty: the score alone decides, as without a choice. */
  identifyBy: readonly DuplicateKey[];
  /**
   * The source the staged contacts' legacy keys come from (the job's package name, as Process
   * records it in contact_legacy_keys.source): a legacy key identifies only within one source.
   */
  legacySource?: string;
}

const birthDateOf = (profile: PreparedProfile) =>
  profile.birthDate ? formatBirthDate(profile.birthDate) : undefined;

function shares(key: DuplicateKey, incoming: PreparedProfile, candidate: PreparedProfile, source?: string) {
  switch (key) {
    case 'legacyKey': {
      // Only existing contacts carry sourced keys; staged contacts of one job never share a key.
      const sourced = candidate.sourcedLegacyKeys;
      if (source === undefined || !sourced) return false;
      return incoming.legacyKeys.some((legacyKey) =>
        sourced.some((other) => other.source === source && other.legacyKey === legacyKey),
      );
    }
    case 'email':
      return shareAValue(incoming.emails, incoming.emailsPrint, candidate.emails, candidate.emailsPrint);
    case 'phone':
      return shareAValue(incoming.phones, incoming.phonesPrint, candidate.phones, candidate.phonesPrint);
    case 'nameAndBirthDate': {
      if (incoming.kind !== 'person') return false;
      const [first, last, born] = [incoming.name.first, incoming.name.last, birthDateOf(incoming)];
      return (
        first !== undefined &&
        last !== undefined &&
        born !== undefined &&
        first.joined === candidate.name.first?.joined &&
        last.joined === candidate.name.last?.joined &&
        born === birthDateOf(candidate)
      );
    }
  }
}

/**
 * The first chosen key (in the order chosen) that the two share, or undefined. A person never
 * shares a key with a company.
 *
 * @example sharedDuplicateKey(staged, existing, { identifyBy: ['email'] }) // "email"
 */
export function sharedDuplicateKey(
  incoming: PreparedProfile,
  candidate: PreparedProfile,
  options: IdentifyOptions,
): DuplicateKey | undefined {
  if (incoming.kind !== candidate.kind) return undefined;
  return options.identifyBy.find((key) => shares(key, incoming, candidate, options.legacySource));
}

/** The stored choice (import_jobs.identify_duplicates_by, JSON) as keys; unknown values dropped. */
export function parseDuplicateKeys(stored: string | null | undefined): DuplicateKey[] {
  if (!stored) return [];
  const parsed: unknown = JSON.parse(stored);
  if (!Array.isArray(parsed)) return [];
  return duplicateKeys.filter((key) => parsed.includes(key));
}
