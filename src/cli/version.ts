import fs from 'node:fs';

/**
 * Dovetail's version, from package.json: `src/cli` and the built `dist/cli` are both two
 * folders below it, so the one file stays the only place the version is written.
 */
export function dovetailVersion(): string {
  const packageJson = new URL('../../package.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
}
