import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresPool } from '../../src/db/dialects/postgres.js';
import { PostgresBatchInserter } from '../../src/db/dialects/postgres-batch-inserter.js';
import { copyTextLine } from '../../src/db/dialects/postgres-copy-text.js';
import { createScratchDatabase, type ScratchDatabase, testDatabases } from '../support/databases.js';

describe('COPY text lines', () => {
  it('escapes what would break the format and writes NULL as \\N', () => {
    expect(copyTextLine(['a\tb', null, 3, 'back\\slash', 'two\r\nlines', undefined, true])).toBe(
      'a\\tb\t\\N\t3\tback\\\\slash\ttwo\\r\\nlines\t\\N\t1\n',
    );
  });
});

const postgres = testDatabases.find((database) => database.dialect === 'postgres')!;

describe.skipIf(postgres.skip)(`staging batches through COPY on ${postgres.title}`, () => {
  let scratch: ScratchDatabase;
  let pool: ReturnType<typeof createPostgresPool>;
  beforeEach(async () => {
    scratch = await createScratchDatabase('postgres');
    pool = createPostgresPool(scratch.url!);
    await pool.query('create table t (id int primary key, name text, note text)');
    await pool.query('create table progress (id int primary key, done int not null)');
    await pool.query('insert into progress values (1, 0)');
  });
  afterEach(async () => {
    await pool.end();
    await scratch.drop();
  });

  const tricky = ['tab\there', 'new\nline', 'back\\slash \\N', 'crlf\r\n', 'ünïcødé ✓', '', 'plain'];

  function rowsFrom(first: number, count: number): unknown[][] {
    return Array.from({ length: count }, (_, i) => [
      first + i,
      tricky[i % tricky.length],
      i % 3 === 0 ? null : 'x',
    ]);
  }

  it('stores every value exactly as given, with the progress in the same transaction', async () => {
    const inserter = new PostgresBatchInserter(pool);
    await inserter.write({
      inserts: [{ table: 't', columns: ['id', 'name', 'note'], rows: rowsFrom(1, 500) }],
      increments: [{ table: 'progress', where: { id: 1 }, add: { done: 500 } }],
    });
    const { rows } = await pool.query('select id, name, note from t order by id');
    expect(rows).toEqual(rowsFrom(1, 500).map(([id, name, note]) => ({ id, name, note })));
    expect((await pool.query('select done from progress')).rows).toEqual([{ done: 500 }]);
  });

  it('leaves nothing of a batch whose COPY fails, progress included', async () => {
    const inserter = new PostgresBatchInserter(pool);
    await inserter.write({
      inserts: [{ table: 't', columns: ['id', 'name', 'note'], rows: rowsFrom(1, 100) }],
      increments: [{ table: 'progress', where: { id: 1 }, add: { done: 100 } }],
    });
    // A replayed batch (ids 51..150 overlap) must fail loudly, not half-apply.
    await expect(
      inserter.write({
        inserts: [{ table: 't', columns: ['id', 'name', 'note'], rows: rowsFrom(51, 100) }],
        increments: [{ table: 'progress', where: { id: 1 }, add: { done: 100 } }],
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await pool.query('select count(*)::int as n from t')).rows).toEqual([{ n: 100 }]);
    expect((await pool.query('select done from progress')).rows).toEqual([{ done: 100 }]);
    // The pool's client is usable again afterwards.
    await inserter.write({
      inserts: [{ table: 't', columns: ['id', 'name', 'note'], rows: rowsFrom(101, 50) }],
      increments: [{ table: 'progress', where: { id: 1 }, add: { done: 50 } }],
    });
    expect((await pool.query('select done from progress')).rows).toEqual([{ done: 150 }]);
  });
});
