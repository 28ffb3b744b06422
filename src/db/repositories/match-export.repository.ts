/**
 * What the match results export reads: a job's staged contacts in pages by id (keyset
 * pagination: the same on every dialect, no cursor or connection held while the caller writes),
 * each page with its suggestions. A suggestion of an existing contact is read only when every
 * viewer given may see that contact (contactVisibleTo), so the export never shows more than the
 * review does.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema, MatchBand, StagedContactAction } from '../schema.js';
import { contactVisibleTo } from './contact-access.repository.js';

/** The name fields displayNameOf needs. */
interface NameFields {
  kind: 'person' | 'company';
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  preferred_name: string | null;
}

export interface ExportedStagedContact extends NameFields {
  id: number;
  legacy_key: string;
  action: StagedContactAction | null;
  match_contact_id: number | null;
  match_staged_contact_id: number | null;
}

export interface ExportedSuggestion {
  id: number;
  staged_contact_id: number;
  score: number;
  band: MatchBand;
  explanation: string;
  /** The existing contact suggested, or null for another staged contact of the same package. */
  contact:
    | (NameFields & { id: number; owner: string; legacyKeys: Array<{ source: string; key: string }> })
    | null;
  otherStaged: (NameFields & { id: number; legacy_key: string }) | null;
}

const nameColumns = ['kind', 'first_name', 'last_name', 'company_name', 'preferred_name'] as const;

export class MatchExportRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Staged contacts of a job with ids above `afterId`, in id order, at most `limit`. */
  stagedPage(jobId: number, afterId: number, limit: number): Promise<ExportedStagedContact[]> {
    return this.db
      .selectFrom('staged_contacts')
      .select(['id', 'legacy_key', 'action', 'match_contact_id', 'match_staged_contact_id', ...nameColumns])
      .where('job_id', '=', jobId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * The suggestions of the staged contacts `stagedIds`, strongest first for each, leaving out
   * existing contacts that any of `viewerIds` may not see.
   */
  async suggestions(
    jobId: number,
    stagedIds: readonly number[],
    viewerIds: readonly number[],
  ): Promise<ExportedSuggestion[]> {
    if (stagedIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('staged_matches')
      .leftJoin('contacts', 'contacts.id', 'staged_matches.contact_id')
      .leftJoin('users', 'users.id', 'contacts.owner_user_id')
      .leftJoin('staged_contacts as other', 'other.id', 'staged_matches.other_staged_contact_id')
      .select([
        'staged_matches.id',
        'staged_matches.staged_contact_id',
        'staged_matches.score',
        'staged_matches.band',
        'staged_matches.explanation',
        'staged_matches.contact_id',
        'users.user_name as owner',
        'contacts.kind',
        'contacts.first_name',
        'contacts.last_name',
        'contacts.company_name',
        'contacts.preferred_name',
        'other.id as other_id',
        'other.legacy_key as other_legacy_key',
        'other.kind as other_kind',
        'other.first_name as other_first_name',
        'other.last_name as other_last_name',
        'other.company_name as other_company_name',
        'other.preferred_name as other_preferred_name',
      ])
      .where('staged_matches.job_id', '=', jobId)
      .where('staged_matches.staged_contact_id', 'in', [...stagedIds])
      .where((eb) =>
        eb.or([
          eb('staged_matches.contact_id', 'is', null),
          eb.and(
            viewerIds.map((viewer) =>
              contactVisibleTo(viewer)(eb as unknown as Parameters<ReturnType<typeof contactVisibleTo>>[0]),
            ),
          ),
        ]),
      )
      .orderBy('staged_matches.staged_contact_id')
      .orderBy('staged_matches.score', 'desc')
      .orderBy('staged_matches.id')
      .execute();
    const contactIds = [...new Set(rows.flatMap((row) => (row.contact_id === null ? [] : [row.contact_id])))];
    const legacyKeys = await this.legacyKeys(contactIds);
    return rows.flatMap((row): ExportedSuggestion[] => {
      const base = {
        id: row.id,
        staged_contact_id: row.staged_contact_id,
        score: row.score,
        band: row.band,
        explanation: row.explanation,
      };
      if (row.contact_id !== null) {
        if (row.kind === null) return []; // the contact was deleted since Match
        return [
          {
            ...base,
            contact: {
              id: row.contact_id,
              owner: row.owner ?? '',
              legacyKeys: legacyKeys.get(row.contact_id) ?? [],
              kind: row.kind,
              first_name: row.first_name,
              last_name: row.last_name,
              company_name: row.company_name,
              preferred_name: row.preferred_name,
            },
            otherStaged: null,
          },
        ];
      }
      if (row.other_id === null || row.other_kind === null) return [];
      return [
        {
          ...base,
          contact: null,
          otherStaged: {
            id: row.other_id,
            legacy_key: row.other_legacy_key ?? '',
            kind: row.other_kind,
            first_name: row.other_first_name,
            last_name: row.other_last_name,
            company_name: row.other_company_name,
            preferred_name: row.other_preferred_name,
          },
        },
      ];
    });
  }

  private async legacyKeys(contactIds: readonly number[]) {
    const keys = new Map<number, Array<{ source: string; key: string }>>();
    // Chunked so a large page never exceeds a dialect's bound-parameter limit.
    for (let start = 0; start < contactIds.length; start += 500) {
      const rows = await this.db
        .selectFrom('contact_legacy_keys')
        .select(['contact_id', 'source', 'legacy_key'])
        .where('contact_id', 'in', contactIds.slice(start, start + 500))
        .orderBy('contact_id')
        .orderBy('id')
        .execute();
      for (const row of rows) {
        const list = keys.get(row.contact_id) ?? [];
        list.push({ source: row.source, key: row.legacy_key });
        keys.set(row.contact_id, list);
      }
    }
    return keys;
  }
}
