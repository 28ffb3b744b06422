import { describe, expect, it } from 'vitest';
import type { ContactSnapshot } from '../../src/db/repositories/contact-records.js';
import type { StagedProfile } from '../../src/db/repositories/staged-records.js';
import type { StagedContactRow } from '../../src/db/schema.js';
import { planMerge } from '../../src/pipeline/process/merge-plan.js';

const fields = {
  kind: 'person' as const,
  title: null,
  first_name: 'Ann',
  middle_name: null,
  last_name: 'Lee',
  preferred_name: null,
  suffix: null,
  birth_date: null,
  company_name: null,
  position: 'Director',
  industry: null,
  status: null,
};

function existing(collections: Partial<ContactSnapshot['collections']> = {}): ContactSnapshot {
  return {
    contact: {
      ...fields,
      id: 7,
      owner_user_id: 1,
      sort_name: 'lee ann',
      search_name: 'lee ann',
      created_at: '',
      updated_at: '',
      created_by_job_id: null,
    },
    collections: {
      contact_legacy_keys: [],
      contact_addresses: [],
      contact_communications: [],
      contact_notes: [],
      contact_categories: [],
      contact_field_values: [],
      ...collections,
    },
  };
}

const source = { job_id: 1, source_file: 'p.csv', source_line: 2, contact_key: 'P1' };

function staged(
  overrides: Partial<StagedProfile> = {},
  contact: Partial<StagedContactRow> = {},
): StagedProfile {
  return {
    contact: {
      ...fields,
      ...source,
      id: 1,
      legacy_key: 'P1',
      position: 'Partner',
      birth_date: '1980-04-02',
      ...contact,
    } as StagedContactRow,
    addresses: [],
    communications: [],
    notes: [],
    categories: [],
    fieldValues: [],
    ...overrides,
  };
}

const row = (id: number, values: Record<string, unknown>) => ({
  id,
  contact_id: 7,
  created_by_job_id: null,
  ...values,
});

describe('merge rules', () => {
  it('keeps the existing value where both have one, fills empty fields, and takes the staged value only where chosen', () => {
    expect(planMerge(existing(), staged(), new Set(), 'pkg.zip').fields).toEqual([
      { field: 'birth_date', before: null, after: '1980-04-02' },
    ]);
    expect(planMerge(existing(), staged(), new Set(['position']), 'pkg.zip').fields).toEqual([
      { field: 'birth_date', before: null, after: '1980-04-02' },
      { field: 'position', before: 'Director', after: 'Partner' },
    ]);
  });

  it('adds no address, phone, email, category, note or field value that is already there after normalisation', () => {
    const current = existing({
      contact_addresses: [row(1, { street: '1 Main St', city: 'New York', postal_code: '10001' })],
      contact_communications: [
        row(2, { channel: 'email', value: 'ann@example.com', normalized_value: 'ann@example.com' }),
      ],
      contact_categories: [row(3, { category: 'Client' })],
      contact_notes: [row(4, { text: 'Met in May.' })],
      contact_field_values: [row(5, { scope: 'custom', field: 'Region', value: 'East' })],
      contact_legacy_keys: [row(6, { legacy_key: 'P1', source: 'pkg.zip' })],
    });
    const incoming = staged({
      addresses: [
        {
          ...source,
          id: 1,
          type: null,
          street: '1 MAIN ST.',
          street2: null,
          city: 'new york',
          state: null,
          postal_code: '10001',
          country: null,
          is_primary: null,
        },
      ],
      communications: [
        { ...source, id: 2, channel: 'email', type: null, value: 'Ann@Example.com', is_primary: null },
      ],
      categories: [{ ...source, id: 3, category: 'client' }],
      notes: [{ ...source, id: 4, subject: null, text: ' Met in May. ', date: null }],
      fieldValues: [{ ...source, id: 5, scope: 'custom', field: 'Region', value: 'West' }],
    });
    const plan = planMerge(current, incoming, new Set(), 'pkg.zip');
    expect(plan.additions).toEqual([]);
    expect(plan.replacements).toEqual([]);

    const chosen = planMerge(current, incoming, new Set(['custom.Region']), 'pkg.zip');
    expect(chosen.replacements).toEqual([
      {
        old: current.collections.contact_field_values[0],
        addition: {
          table: 'contact_field_values',
          values: { scope: 'custom', field: 'Region', value: 'West' },
        },
      },
    ]);
  });

  it('adds each new entry once even when the package repeats it', () => {
    const phone = { ...source, channel: 'phone', type: null, value: '+12125550100', is_primary: null };
    const plan = planMerge(
      existing(),
      staged({
        communications: [
          { ...phone, id: 1 },
          { ...phone, id: 2 },
        ],
      }),
      new Set(),
      'pkg.zip',
    );
    expect(plan.additions.map((a) => a.table)).toEqual(['contact_legacy_keys', 'contact_communications']);
  });
});

describe('merging notes', () => {
  const note = (id: number, subject: string | null, text: string, date: string | null) => ({
    ...source,
    id,
    subject,
    text,
    date,
  });

  it('keeps a note with the same text but another subject or date, and drops only exact repeats', () => {
    const current = existing({
      contact_notes: [row(1, { subject: 'Call', text: 'Wants a quote.', date: '2024-05-01' })],
    });
    const incoming = staged({
      notes: [
        note(1, 'Call', 'Wants a quote.', '2024-05-01'),
        note(2, 'Visit', 'Wants a quote.', '2024-05-01'),
        note(3, 'Call', 'Wants a quote.', '2024-06-12'),
        note(4, 'Call', 'Wants a quote.', '2024-06-12'),
      ],
    });
    const added = planMerge(current, incoming, new Set(), 'pkg.zip').additions.filter(
      (addition) => addition.table === 'contact_notes',
    );
    expect(added.map((addition) => addition.values)).toEqual([
      { subject: 'Visit', text: 'Wants a quote.', date: '2024-05-01' },
      { subject: 'Call', text: 'Wants a quote.', date: '2024-06-12' },
    ]);
  });
});
