import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { DovetailError, type PackageErrorCode } from '../../src/errors/dovetail-error.js';
import {
  type ArchiveLimits,
  defaultArchiveLimits,
  openPackageArchive,
  type PackageArchive,
} from '../../src/pipeline/package/package-archive.js';
import { buildRawZip, type RawZipEntry } from '../support/raw-zip.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dovetail-archive-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type YazlEntry = [name: string, data: string | Buffer] | [name: string];

/** Writes a ZIP with yazl, the way a well-behaved tool would; a one-element entry is a directory. */
async function yazlZip(fileName: string, entries: YazlEntry[]): Promise<string> {
  const path = join(dir, fileName);
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) {
    if (data === undefined) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(data), name);
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
  });
  return path;
}

async function rawZip(fileName: string, entries: RawZipEntry[]): Promise<string> {
  const path = join(dir, fileName);
  await writeFile(path, buildRawZip(entries));
  return path;
}

function limits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...defaultArchiveLimits, ...overrides };
}

async function withArchive<T>(path: string, use: (archive: PackageArchive) => Promise<T>): Promise<T> {
  const archive = await openPackageArchive(path, limits());
  try {
    return await use(archive);
  } finally {
    archive.close();
  }
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Asserts a refusal by code, and that both the message and the location name the culprit. */
async function expectRefusal(work: Promise<unknown>, code: PackageErrorCode, culprit: string): Promise<void> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DovetailError);
  const refusal = error as DovetailError;
  expect(refusal.code).toBe(code);
  expect(refusal.message).toContain(`"${culprit}"`);
  expect(refusal.location.file).toBe(culprit);
}

describe('openPackageArchive', () => {
  it('lists the files of a good package, without its directories, and streams their content', async () => {
    const path = await yazlZip('good.zip', [
      ['mapping/'],
      ['contacts.csv', 'email,name\na@example.com,Ada\n'],
      ['mapping/contacts.json', '{"file":"contacts.csv"}'],
    ]);
    await withArchive(path, async (archive) => {
      expect([...archive.entries.keys()]).toEqual(['contacts.csv', 'mapping/contacts.json']);
      expect(archive.entries.get('contacts.csv')?.uncompressedSize).toBe(29);
      expect(await text(await archive.openEntry('contacts.csv'))).toBe('email,name\na@example.com,Ada\n');
      expect(await archive.readText('./mapping/contacts.json')).toBe('{"file":"contacts.csv"}');
    });
  });

  it('reads a text entry without its byte order mark', async () => {
    const path = await yazlZip('bom.zip', [['manifest.json', '\uFEFF{"version":1}']]);
    await withArchive(path, async (archive) => {
      expect(await archive.readText('manifest.json')).toBe('{"version":1}');
    });
  });

  it('normalises backslashes and a leading "./" in entry names', async () => {
    const path = await rawZip('backslash.zip', [
      { name: 'data\\contacts.csv', data: 'a,b\n' },
      { name: './manifest.json', data: '{}' },
    ]);
    await withArchive(path, async (archive) => {
      expect([...archive.entries.keys()]).toEqual(['data/contacts.csv', 'manifest.json']);
      expect(await archive.readText('data/contacts.csv')).toBe('a,b\n');
    });
  });

  it('skips macOS junk (__MACOSX folders and .DS_Store files) silently', async () => {
    const path = await yazlZip('mac.zip', [
      ['__MACOSX/'],
      ['__MACOSX/._contacts.csv', 'resource fork'],
      ['.DS_Store', 'finder'],
      ['data/.DS_Store', 'finder'],
      ['contacts.csv', 'a\n'],
    ]);
    await withArchive(path, async (archive) => {
      expect([...archive.entries.keys()]).toEqual(['contacts.csv']);
    });
  });

  it('refuses to open an entry the package does not contain', async () => {
    const path = await yazlZip('small.zip', [['contacts.csv', 'a\n']]);
    await withArchive(path, async (archive) => {
      await expectRefusal(archive.openEntry('people.csv'), 'PACKAGE_FILE_MISSING', 'people.csv');
    });
  });

  it('refuses to read as text an entry larger than the text limit', async () => {
    const path = await yazlZip('big-text.zip', [['manifest.json', 'x'.repeat(2000)]]);
    await withArchive(path, async (archive) => {
      await expectRefusal(
        archive.readText('manifest.json', 1000),
        'PACKAGE_ENTRY_TOO_LARGE',
        'manifest.json',
      );
    });
  });

  it('can be closed twice', async () => {
    const path = await yazlZip('close.zip', [['contacts.csv', 'a\n']]);
    const archive = await openPackageArchive(path, limits());
    archive.close();
    expect(() => archive.close()).not.toThrow();
  });
});

describe('openPackageArchive refuses', () => {
  it('a package file that does not exist', async () => {
    await expectRefusal(
      openPackageArchive(join(dir, 'nowhere.zip'), limits()),
      'PACKAGE_NOT_FOUND',
      'nowhere.zip',
    );
  });

  it('a package larger than maxPackageBytes before reading it', async () => {
    const path = await yazlZip('heavy.zip', [['contacts.csv', 'a,b,c\n'.repeat(100)]]);
    await expectRefusal(
      openPackageArchive(path, limits({ maxPackageBytes: 100 })),
      'PACKAGE_TOO_LARGE',
      'heavy.zip',
    );
  });

  it('a text file renamed to .zip as not a ZIP archive', async () => {
    const path = join(dir, 'notes.zip');
    await writeFile(path, 'these are my notes, not a zip\n');
    await expectRefusal(openPackageArchive(path, limits()), 'PACKAGE_NOT_A_ZIP', 'notes.zip');
  });

  it('a ZIP cut in half as damaged', async () => {
    const good = await yazlZip('whole.zip', [['contacts.csv', 'email\n'.repeat(500)]]);
    const bytes = await readFile(good);
    const path = join(dir, 'half.zip');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefusal(openPackageArchive(path, limits()), 'PACKAGE_CORRUPT', 'half.zip');
  });

  it('an entry that climbs out of the package with ".."', async () => {
    const path = await rawZip('slip.zip', [
      { name: 'contacts.csv', data: 'a\n' },
      { name: '../evil.csv', data: 'owned' },
    ]);
    await expectRefusal(openPackageArchive(path, limits()), 'PACKAGE_ZIP_SLIP', '../evil.csv');
  });

  it('an entry that climbs out through a backslash path like "data\\..\\..\\evil.csv"', async () => {
    const path = await rawZip('slip-backslash.zip', [{ name: 'data\\..\\..\\evil.csv', data: 'owned' }]);
    await expectRefusal(openPackageArchive(path, limits()), 'PACKAGE_ZIP_SLIP', 'data/../../evil.csv');
  });

  it('an entry with an absolute unix path', async () => {
    const path = await rawZip('absolute.zip', [{ name: '/etc/passwd', data: 'root:x:0:0' }]);
    await expectRefusal(openPackageArchive(path, limits()), 'PACKAGE_ABSOLUTE_PATH', '/etc/passwd');
  });

  it('an entry with an absolute windows drive path, with forward or back slashes', async () => {
    const forward = await rawZip('drive-forward.zip', [{ name: 'C:/Windows/evil.csv', data: 'x' }]);
    await expectRefusal(
      openPackageArchive(forward, limits()),
      'PACKAGE_ABSOLUTE_PATH',
      'C:/Windows/evil.csv',
    );
    const back = await rawZip('drive-back.zip', [{ name: 'C:\\Windows\\evil.csv', data: 'x' }]);
    await expectRefusal(openPackageArchive(back, limits()), 'PACKAGE_ABSOLUTE_PATH', 'C:/Windows/evil.csv');
  });

  it('an archive nested inside the package', async () => {
    const path = await yazlZip('nested.zip', [
      ['contacts.csv', 'a\n'],
      ['extra/more-contacts.ZIP', 'PK'],
    ]);
    await expectRefusal(
      openPackageArchive(path, limits()),
      'PACKAGE_NESTED_ARCHIVE',
      'extra/more-contacts.ZIP',
    );
  });

  it('more entries than maxEntries, naming the first one over the limit', async () => {
    const path = await yazlZip('many.zip', [
      ['a.csv', 'a'],
      ['b.csv', 'b'],
      ['c.csv', 'c'],
      ['d.csv', 'd'],
    ]);
    await expectRefusal(
      openPackageArchive(path, limits({ maxEntries: 3 })),
      'PACKAGE_TOO_MANY_ENTRIES',
      'd.csv',
    );
  });

  it('an entry larger than maxEntryBytes', async () => {
    const path = await yazlZip('large-entry.zip', [
      ['small.csv', 'a\n'],
      ['large.csv', 'x'.repeat(5000)],
    ]);
    await expectRefusal(
      openPackageArchive(path, limits({ maxEntryBytes: 4096 })),
      'PACKAGE_ENTRY_TOO_LARGE',
      'large.csv',
    );
  });

  it('a zip bomb of 50 MB of zeros by its compression ratio', async () => {
    const path = await yazlZip('bomb.zip', [['zeros.csv', Buffer.alloc(50 * 1000 * 1000)]]);
    await expectRefusal(
      openPackageArchive(path, limits({ maxCompressionRatio: 100 })),
      'PACKAGE_COMPRESSION_RATIO',
      'zeros.csv',
    );
  });

  it('entries that together unpack to more than maxTotalUncompressedBytes', async () => {
    const path = await yazlZip('total.zip', [
      ['one.csv', 'x'.repeat(600)],
      ['two.csv', 'y'.repeat(600)],
    ]);
    await expectRefusal(
      openPackageArchive(path, limits({ maxTotalUncompressedBytes: 1000 })),
      'PACKAGE_UNCOMPRESSED_TOO_LARGE',
      'two.csv',
    );
  });

  it('the same file name twice, also when only normalisation makes them equal', async () => {
    const twice = await rawZip('duplicate.zip', [
      { name: 'contacts.csv', data: 'a\n' },
      { name: 'contacts.csv', data: 'b\n' },
    ]);
    await expectRefusal(openPackageArchive(twice, limits()), 'PACKAGE_DUPLICATE_ENTRY', 'contacts.csv');
    const normalised = await rawZip('duplicate-normalised.zip', [
      { name: 'data/contacts.csv', data: 'a\n' },
      { name: './data\\contacts.csv', data: 'b\n' },
    ]);
    const error = await openPackageArchive(normalised, limits()).catch((thrown: unknown) => thrown);
    await expectRefusal(Promise.reject(error), 'PACKAGE_DUPLICATE_ENTRY', 'data/contacts.csv');
    expect((error as DovetailError).message).toContain('"./data/contacts.csv"');
  });

  it('an encrypted entry', async () => {
    const path = await rawZip('encrypted.zip', [
      { name: 'secret.csv', data: 'a\n', deflate: true, flags: 1 },
    ]);
    await expectRefusal(openPackageArchive(path, limits()), 'PACKAGE_ENCRYPTED', 'secret.csv');
  });

  it('while streaming, an entry that unpacks to more bytes than it declares', async () => {
    const path = await rawZip('liar.zip', [
      { name: 'liar.csv', data: 'x'.repeat(100_000), deflate: true, declaredSize: 10 },
    ]);
    await withArchive(path, async (archive) => {
      await expectRefusal(text(await archive.openEntry('liar.csv')), 'PACKAGE_CORRUPT', 'liar.csv');
    });
  });
});
