import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPostgresUrl, loadConfig } from '../../src/config/config.js';

describe('DATABASE_URL', () => {
  it('is unset for the embedded SQLite database in the data folder', () => {
    const config = loadConfig({ DOVETAIL_DATA_DIR: '/srv/dovetail' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.sqlitePath).toBe(path.resolve('/srv/dovetail/dovetail.sqlite'));
  });

  it('picks another SQLite file with sqlite:', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:///tmp/x.sqlite' }).sqlitePath).toBe('/tmp/x.sqlite');
    expect(loadConfig({ DATABASE_URL: 'sqlite:db/x.sqlite' }).sqlitePath).toBe(path.resolve('db/x.sqlite'));
  });

  it('selects PostgreSQL with a postgres:// or postgresql:// URL', () => {
    for (const url of [
      'postgres://dovetail@db:5432/dovetail',
      'postgresql://u:p@127.0.0.1/d?sslmode=disable',
    ]) {
      expect(isPostgresUrl(url)).toBe(true);
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    }
    expect(isPostgresUrl('sqlite:x.sqlite')).toBe(false);
  });

  it('refuses any other database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@localhost/dovetail' })).toThrow(
      /DATABASE_URL must be a PostgreSQL URL/,
    );
  });
});

describe('DOVETAIL_MATCH_SCORER_HEAP_MB', () => {
  it("bounds Match's scoring thread at 1536 MB unless set; 0 leaves V8's own limit; a negative value is refused", () => {
    expect(loadConfig({}).matchScorerHeapMb).toBe(1536);
    expect(loadConfig({ DOVETAIL_MATCH_SCORER_HEAP_MB: '4096' }).matchScorerHeapMb).toBe(4096);
    expect(loadConfig({ DOVETAIL_MATCH_SCORER_HEAP_MB: '0' }).matchScorerHeapMb).toBe(0);
    expect(() => loadConfig({ DOVETAIL_MATCH_SCORER_HEAP_MB: '-1' })).toThrow(
      /DOVETAIL_MATCH_SCORER_HEAP_MB/,
    );
  });
});
