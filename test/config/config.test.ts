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
