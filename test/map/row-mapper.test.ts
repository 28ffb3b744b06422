import { describe, expect, it } from 'vitest';
import { mappingSchema } from '../../src/format/package-format.schema.js';
import { buildTargetDefinition } from '../../src/format/target-definition.js';
import { createRowMapper, type RowResult } from '../../src/pipeline/map/row-mapper.js';
import { sampleOwner, sampleVocabulary } from '../../src/sample/sample-vocabulary.js';

const definition = buildTargetDefinition(sampleOwner, sampleVocabulary);
const now = new Date('2026-06-01T12:00:00Z');

function mapperFor(mapping: Record<string, unknown>, header: string[]) {
  const parsed = mappingSchema.parse({ formatVersion: 1, file: 'f.csv', ...mapping });
  const map = createRowMapper(parsed, definition, header, now);
  return (values: string[], line = 2): RowResult => map({ line, values, rawValues: values, problems: [] });
}

const person = (extraColumns: Array<{ column: string; attribute: string }> = [], extra: object = {}) =>
  mapperFor(
    {
      dataType: 'person',
      keyColumn: 'ID',
      dateFormat: 'DD/MM/YYYY',
      columns: [
        { column: 'First', attribute: 'firstName' },
        { column: 'Last', attribute: 'lastName' },
        { column: 'Born', attribute: 'birthDate' },
        ...extraColumns,
      ],
      ...extra,
    },
    ['ID', 'First', 'Last', 'Born', ...extraColumns.map((c) => c.column)],
  );

const strict = { onInvalid: 'refuseRow' };

function warningsOf(result: RowResult) {
  if (!result.ok) throw new Error(`expected the row to be staged: ${JSON.stringify(result.problems)}`);
  return result.warnings;
}

function problemsOf(result: RowResult) {
  if (result.ok) throw new Error('expected the row to be rejected');
  return result.problems;
}

describe('mapping a person row', () => {
  it('trims values, reads dates in the declared format and keeps the legacy key', () => {
    const result = person()(['P1', '  François ', 'Dupré', '09/03/1980']);
    expect(result).toMatchObject({
      ok: true,
      record: {
        key: 'P1',
        attributes: { firstName: 'François', lastName: 'Dupré', birthDate: '1980-03-09' },
      },
    });
  });

  it('leaves out a date that does not exist with a warning naming the column, the value and the format', () => {
    const result = person()(['P1', 'Ann', 'Lee', '31/02/1980']);
    expect(result).toMatchObject({ ok: true, record: { attributes: { lastName: 'Lee', birthDate: null } } });
    expect(warningsOf(result)).toEqual([
      {
        code: 'ROW_INVALID_DATE',
        column: 'Born',
        value: '31/02/1980',
        message: '"31/02/1980" is not a valid date in the format DD/MM/YYYY',
      },
    ]);
  });

  it('rejects a date that does not exist when the mapping says refuseRow', () => {
    expect(problemsOf(person([], strict)(['P1', 'Ann', 'Lee', '31/02/1980']))).toEqual([
      {
        code: 'ROW_INVALID_DATE',
        column: 'Born',
        value: '31/02/1980',
        message: '"31/02/1980" is not a valid date in the format DD/MM/YYYY',
      },
    ]);
  });

  it('rejects a birth date in the future', () => {
    const [problem] = problemsOf(person([], strict)(['P1', 'Ann', 'Lee', '01/01/2030']));
    expect(problem).toMatchObject({
      code: 'ROW_INVALID_DATE',
      message: 'Birth date 2030-01-01 is in the future',
    });
  });

  it('needs a first or a last name', () => {
    expect(problemsOf(person()(['P1', ' ', '', '']))).toEqual([
      {
        code: 'ROW_REQUIRED_MISSING',
        message: 'a person needs a first name or a last name',
        column: 'First',
        value: '',
      },
    ]);
  });

  it('rejects a row without a legacy key', () => {
    expect(problemsOf(person()(['', 'Ann', 'Lee', '']))[0]).toMatchObject({
      code: 'ROW_MISSING_KEY',
      column: 'ID',
    });
  });

  it('keeps the row with a warning per bad optional value, and refuses it for a bad name', () => {
    const map = person([{ column: 'State', attribute: 'status' }]);
    expect(warningsOf(map(['P1', 'Ann', 'Lee', '1980', 'zombie'])).map((p) => p.code)).toEqual([
      'ROW_INVALID_DATE',
      'ROW_UNKNOWN_CODE',
    ]);
    expect(problemsOf(map(['P1', 'x'.repeat(101), 'Lee', '', ''])).map((p) => p.code)).toEqual([
      'ROW_TOO_LONG',
    ]);
  });

  it('reports every problem of a row, not only the first', () => {
    const codes = problemsOf(
      person([{ column: 'State', attribute: 'status' }])(['', 'Ann', 'Lee', '1980', 'zombie']),
    ).map((p) => p.code);
    expect(codes).toEqual(['ROW_INVALID_DATE', 'ROW_UNKNOWN_CODE', 'ROW_MISSING_KEY']);
  });

  it('translates legacy codes through a lookup and accepts target codes in any case', () => {
    const map = person([{ column: 'State', attribute: 'status' }], {
      columns: [
        { column: 'Last', attribute: 'lastName' },
        { column: 'State', attribute: 'status', lookup: 'status' },
      ],
      lookups: { status: { A: 'active', I: 'inactive' } },
      ...strict,
    });
    expect(map(['P1', '', 'Lee', '', 'a'])).toMatchObject({
      ok: true,
      record: { attributes: { status: 'active' } },
    });
    expect(map(['P2', '', 'Lee', '', 'Prospect'])).toMatchObject({
      ok: true,
      record: { attributes: { status: 'prospect' } },
    });
    const [problem] = problemsOf(map(['P3', '', 'Lee', '', 'Z']));
    expect(problem).toMatchObject({ code: 'ROW_UNKNOWN_CODE', column: 'State', value: 'Z' });
    expect(problem?.message).toContain('not in the lookup "status"');
  });

  it('applies defaults to empty values only', () => {
    const map = person([{ column: 'State', attribute: 'status' }], { defaults: { status: 'active' } });
    expect(map(['P1', 'A', 'B', '', ''])).toMatchObject({
      ok: true,
      record: { attributes: { status: 'active' } },
    });
    expect(map(['P1', 'A', 'B', '', 'former'])).toMatchObject({
      ok: true,
      record: { attributes: { status: 'former' } },
    });
  });

  it('types custom and user fields by their definition', () => {
    const map = person(
      [
        { column: 'Risk', attribute: 'custom.Risk Profile' },
        { column: 'Reviewed', attribute: 'user.Last Review' },
      ],
      strict,
    );
    expect(map(['P1', 'A', 'B', '', 'high', '02/01/2024'])).toMatchObject({
      ok: true,
      record: {
        fieldValues: [
          { scope: 'custom', field: 'Risk Profile', value: 'High' },
          { scope: 'user', field: 'Last Review', value: '2024-01-02' },
        ],
      },
    });
    expect(problemsOf(map(['P1', 'A', 'B', '', 'Extreme', '']))[0]).toMatchObject({
      code: 'ROW_UNKNOWN_CODE',
      column: 'Risk',
    });
  });

  it('refuses text longer than the attribute allows', () => {
    const [problem] = problemsOf(person()(['P1', 'x'.repeat(101), 'B', '']));
    expect(problem).toMatchObject({
      code: 'ROW_TOO_LONG',
      message: 'First name is 101 characters long; at most 100 are allowed',
    });
  });
});

describe('mapping a communication row', () => {
  const map = mapperFor(
    {
      dataType: 'communication',
      parentKeyColumn: 'Contact',
      defaultCountry: 'FR',
      columns: [
        { column: 'Kind', attribute: 'channel' },
        { column: 'Value', attribute: 'value' },
      ],
    },
    ['Contact', 'Kind', 'Value'],
  );

  it('normalises phone numbers to E.164 using the default country', () => {
    expect(map(['P1', 'phone', '01 42 68 53 00'])).toMatchObject({
      ok: true,
      record: { parentKey: 'P1', attributes: { channel: 'phone', value: '+33142685300' } },
    });
    expect(map(['P1', 'phone', '+1 (212) 736-5000'])).toMatchObject({
      record: { attributes: { value: '+12127365000' } },
    });
  });

  it('rejects a phone number that cannot exist', () => {
    expect(problemsOf(map(['P1', 'phone', '12']))[0]).toMatchObject({
      code: 'ROW_INVALID_PHONE',
      column: 'Value',
      value: '12',
    });
  });

  it('validates emails and lowercases their domain', () => {
    expect(map(['P1', 'email', 'Jane.Doe@Example.COM'])).toMatchObject({
      record: { attributes: { value: 'Jane.Doe@example.com' } },
    });
    expect(problemsOf(map(['P1', 'email', 'jane.doe@']))[0]).toMatchObject({ code: 'ROW_INVALID_EMAIL' });
  });

  it('guesses the channel from the value when the file does not say', () => {
    expect(map(['P1', '', 'ann@example.org'])).toMatchObject({
      record: { attributes: { channel: 'email' } },
    });
    expect(map(['P1', '', 'www.example.org'])).toMatchObject({
      record: { attributes: { channel: 'web', value: 'https://www.example.org/' } },
    });
  });

  it('rejects a row that names no contact', () => {
    expect(problemsOf(map(['', 'email', 'a@b.org']))[0]).toMatchObject({
      code: 'ROW_MISSING_KEY',
      column: 'Contact',
    });
  });
});

describe('mapping categories and custom field rows', () => {
  it('accepts only the categories of the target definition, in their own spelling', () => {
    const map = mapperFor(
      { dataType: 'category', parentKeyColumn: 'C', columns: [{ column: 'Cat', attribute: 'category' }] },
      ['C', 'Cat'],
    );
    expect(map(['P1', 'vip'])).toMatchObject({ ok: true, record: { attributes: { category: 'VIP' } } });
    expect(problemsOf(map(['P1', 'Golfers']))[0]).toMatchObject({
      code: 'ROW_UNKNOWN_CATEGORY',
      column: 'Cat',
    });
  });

  it('resolves a custom field row to its definition and types its value', () => {
    const map = mapperFor(
      {
        dataType: 'customField',
        parentKeyColumn: 'C',
        columns: [
          { column: 'Field', attribute: 'field' },
          { column: 'Value', attribute: 'value' },
        ],
      },
      ['C', 'Field', 'Value'],
    );
    expect(map(['P1', 'risk profile', 'low'])).toMatchObject({
      ok: true,
      record: { attributes: { scope: 'custom', field: 'Risk Profile', value: 'Low' } },
    });
    expect(problemsOf(map(['P1', 'Shoe size', '42']))[0]).toMatchObject({ code: 'ROW_UNKNOWN_CUSTOM_FIELD' });
  });
});

describe('values that need care', () => {
  it('keeps a phone extension in RFC 3966 form instead of dropping it', () => {
    const map = mapperFor(
      { dataType: 'communication', parentKeyColumn: 'C', columns: [{ column: 'V', attribute: 'value' }] },
      ['C', 'V'],
    );
    expect(map(['P1', '+1 212 736 5000 x123'])).toMatchObject({
      record: { attributes: { channel: 'phone', value: '+12127365000;ext=123' } },
    });
  });

  it('fills a custom field from the mapping defaults when the row has none', () => {
    const map = person([], { defaults: { 'custom.Risk Profile': 'low' } });
    expect(map(['P1', 'A', 'B', ''])).toMatchObject({
      ok: true,
      record: { fieldValues: [{ scope: 'custom', field: 'Risk Profile', value: 'Low' }] },
    });
  });
});

describe('invisible characters', () => {
  it('drops NUL characters that legacy exports pad fields with', () => {
    expect(person()(['P1\u0000', 'Ann\u0000\u0000', 'Lee', ''])).toMatchObject({
      ok: true,
      record: { key: 'P1', attributes: { firstName: 'Ann' } },
    });
  });
});
