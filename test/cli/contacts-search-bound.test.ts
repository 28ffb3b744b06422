import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

describe('dovetail contacts search', () => {
  it('refuses a search of a thousand words with a message and exit code 2, no stack', async () => {
    const thousandWords = Array.from({ length: 1000 }, (_, index) => `w${index}`).join(' ');
    const result = await runCli(['contacts', 'search', thousandWords], {
      DOVETAIL_DATA_DIR: tempDir(),
      DATABASE_URL: '',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error \[INVALID_ARGUMENT\]: .*(20 words|200 characters)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
