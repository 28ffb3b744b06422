/**
 * Writes a valid contact package of any size for demos, load tests and benchmarks.
 *
 * Memory stays flat whatever the size: contacts are generated one at a time, their rows are
 * streamed into CSV files in a temporary folder (with backpressure), and yazl then streams those
 * files from disk into the ZIP. The temporary folder sits next to the output file rather than in
 * the OS temp directory, which is often a RAM-backed tmpfs.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  MANIFEST_FILE_NAME,
  type Manifest,
  PACKAGE_FORMAT_VERSION,
} from '../format/package-format.schema.js';
import {
  buildTargetDefinition,
  type DefinitionOwner,
  targetDefinitionFileName,
} from '../format/target-definition.js';
import { CsvFileWriter } from '../package-writer/csv-file-writer.js';
import { jsonFile, mappingInReadingOrder } from '../package-writer/package-json-files.js';
import { type ZipSource, zipPackage } from '../package-writer/zip-package.js';
import { createContactGenerator, type FakeContact } from './fake-contacts.js';
import { rowsOf, type SampleFileName, sampleFiles } from './sample-package-layout.js';
import { createSampleRevision } from './sample-revision.js';
import { SAMPLE_REFERENCE_DATE, sampleOwner, sampleVocabulary } from './sample-vocabulary.js';

export interface SamplePackageOptions {
  contacts: number;
  /** Path of the ZIP to write; its folder is created if needed. */
  out: string;
  /** Same seed, same bytes. Defaults to 1. */
  seed?: number;
  /** User the target definition is generated for; defaults to admin (System Administrator). */
  owner?: { userName: string; firstName?: string; lastName?: string };
  /**
   * 1, 2, …: a later export of the package with the same contacts and seed, the same people
   * again, some changed, a few twice, some replaced by new people (sample-revision.ts). Unset or
   * 0: the package itself.
   */
  revision?: number;
}

export interface SampleFileSummary {
  /** Data rows, without the header. */
  rows: number;
  /** Uncompressed size. */
  bytes: number;
}

export interface SamplePackageSummary {
  out: string;
  seed: number;
  /** 0 for the package itself, n for its n-th later export. */
  revision: number;
  /** The contacts asked for; a revision holds a few more (those entered twice). */
  contacts: number;
  people: number;
  companies: number;
  /** Per CSV file name, e.g. "phones.csv". */
  files: Record<string, SampleFileSummary>;
  /** Size of the ZIP. */
  bytes: number;
}

/** Keys are unique across the person and company files thanks to their prefixes. */
const contactKey = (prefix: 'P' | 'C', index: number): string => `${prefix}${String(index).padStart(7, '0')}`;

export async function writeSamplePackage(options: SamplePackageOptions): Promise<SamplePackageSummary> {
  const { contacts } = options;
  if (!Number.isInteger(contacts) || contacts < 1)
    throw new RangeError('contacts must be a positive integer');
  const seed = options.seed ?? 1;
  const revision = options.revision ?? 0;
  if (!Number.isInteger(revision) || revision < 0)
    throw new RangeError('revision must be a whole number of at least 0');
  const owner: DefinitionOwner = options.owner ?? sampleOwner;
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  const workDir = await mkdtemp(join(dirname(out), '.sample-package-'));

  const names = Object.keys(sampleFiles) as SampleFileName[];
  const writers = new Map<SampleFileName, CsvFileWriter>();
  try {
    for (const name of names) {
      const file = sampleFiles[name];
      writers.set(name, new CsvFileWriter(join(workDir, file.csv), file.header));
    }
    const emit = (name: SampleFileName, row: (string | undefined)[]) => writers.get(name)!.writeRow(row);

    const generator = createContactGenerator({ seed, categories: sampleVocabulary.categories });
    const revise =
      revision > 0
        ? createSampleRevision({ seed, revision, categories: sampleVocabulary.categories })
        : undefined;
    // Keys of the originals count their own people and companies, so a revision keeps them.
    let originalPeople = 0;
    let originalCompanies = 0;
    let added = 0;
    const newKey = (kind: FakeContact['kind']) =>
      `R${revision}${contactKey(kind === 'person' ? 'P' : 'C', ++added)}`;
    let people = 0;
    let companies = 0;
    for (let index = 0; index < contacts; index++) {
      const original = generator.contact(
        contactKey('P', originalPeople + 1),
        contactKey('C', originalCompanies + 1),
      );
      if (original.kind === 'person') originalPeople++;
      else originalCompanies++;
      for (const contact of revise ? revise(original, newKey) : [original]) {
        if (contact.kind === 'person') people++;
        else companies++;
        rowsOf(contact, emit);
      }
      // One contact adds at most a few rows, so checking after each keeps every queue short.
      for (const writer of writers.values()) if (writer.needsDrain) await writer.drain();
    }
    for (const writer of writers.values()) await writer.close();

    const targetDefinition = buildTargetDefinition(owner, sampleVocabulary, SAMPLE_REFERENCE_DATE);
    const targetDefinitionName = targetDefinitionFileName(owner);
    const manifest: Manifest = {
      formatVersion: PACKAGE_FORMAT_VERSION,
      name: `Sample contacts (${contacts} contacts, seed ${seed}${revision > 0 ? `, revision ${revision}` : ''})`,
      createdAt: SAMPLE_REFERENCE_DATE.toISOString(),
      targetDefinition: targetDefinitionName,
      files: names.map((name) => ({ csv: sampleFiles[name].csv, mapping: sampleFiles[name].mapping })),
    };
    const sources: ZipSource[] = [
      jsonFile(MANIFEST_FILE_NAME, manifest),
      jsonFile(targetDefinitionName, targetDefinition),
      ...names.flatMap((name) => {
        const file = sampleFiles[name];
        return [
          jsonFile(file.mapping, mappingInReadingOrder(file.definition)),
          { name: file.csv, path: writers.get(name)!.path },
        ];
      }),
    ];
    const bytes = await zipPackage(out, sources);

    const files: Record<string, SampleFileSummary> = {};
    for (const name of names) {
      const writer = writers.get(name)!;
      files[sampleFiles[name].csv] = { rows: writer.rows, bytes: writer.bytes };
    }
    return { out, seed, revision, contacts, people, companies, files, bytes };
  } catch (error) {
    // No half-written package may be mistaken for a good one.
    await rm(out, { force: true });
    throw error;
  } finally {
    for (const writer of writers.values()) writer.destroy();
    await rm(workDir, { recursive: true, force: true });
  }
}
