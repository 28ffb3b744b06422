import { describe, expect, it } from 'vitest';
import { exitCodeFor, httpStatusFor } from '../../src/errors/dovetail-error.js';

describe('httpStatusFor', () => {
  it.each([
    ['NOT_AUTHENTICATED', 401],
    ['NOT_ALLOWED', 403],
    ['USER_NOT_FOUND', 404],
    ['IMPORT_NOT_FOUND', 404],
    ['PACKAGE_NOT_FOUND', 404],
    ['INVALID_ARGUMENT', 400],
    ['PACKAGE_TOO_LARGE', 413],
    ['IMPORT_NOT_RUNNING', 409],
    ['PACKAGE_ZIP_SLIP', 422],
    ['MAPPING_INVALID', 422],
  ] as const)('answers %s with %i', (code, status) => {
    expect(httpStatusFor(code)).toBe(status);
  });

  it('sits next to the CLI exit codes, which it does not change', () => {
    expect(exitCodeFor('NOT_ALLOWED')).toBe(5);
    expect(exitCodeFor('IMPORT_NOT_FOUND')).toBe(4);
    expect(exitCodeFor('IMPORT_NOT_RUNNING')).toBe(6);
  });
});
