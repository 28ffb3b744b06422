/**
 * Builds small import packages for tests, in a temp folder: give the CSV content and the
 * mapping's interesting parts, the builder fills in the manifest and target definition.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { buildTargetDefinition } from '../../src/format/target-definition.js';
import { sampleOwner, sampleVocabulary } from '../../src/sample/sample-vocabulary.js';

export interface TestFile {
  csv: string;
  content: string | Buffer;
  mapping: Record<string, unknown>;
}

export interface PackageSpec {
  files: TestFile[];
  /** Extra entries written as they are (e.g. to test refusals). */
  extraEntries?: Record<string, string | Buffer>;
  /** Entries to leave out of the manifest's list (written anyway). */
  omitFromManifest?: string[];
  manifest?: Record<string, unknown>;
}

/** people.csv → people.mapping.json; a workbook (people.ods) or a vCard file likewise. */
const mappingNameOf = (dataFile: string) => dataFile.replace(/\.(csv|xlsx|ods|vcf)$/, '.mapping.json');

export function tempDir(prefix = 'dovetail-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function buildPackage(
  spec: PackageSpec,
  out = path.join(tempDir(), 'package.zip'),
): Promise<string> {
  const zip = new yazl.ZipFile();
  const definition = buildTargetDefinition(sampleOwner, sampleVocabulary);
  const manifest = {
    formatVersion: 1,
    name: 'Test package',
    targetDefinition: 'target-definition.json',
    files: spec.files.map((file) => ({
      csv: file.csv,
      mapping: mappingNameOf(file.csv),
    })),
    ...spec.manifest,
  };
  const add = (name: string, content: string | Buffer) =>
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
  add('manifest.json', JSON.stringify(manifest));
  add('target-definition.json', JSON.stringify(definition));
  for (const file of spec.files) {
    add(file.csv, file.content);
    add(mappingNameOf(file.csv), JSON.stringify({ formatVersion: 1, file: file.csv, ...file.mapping }));
  }
  for (const [name, content] of Object.entries(spec.extraEntries ?? {})) add(name, content);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const stream = fs.createWriteStream(out);
    zip.outputStream.pipe(stream).on('close', resolve).on('error', reject);
  });
  return out;
}

/** A person file mapping with the usual columns. */
export const peopleMapping = {
  dataType: 'person',
  keyColumn: 'ID',
  columns: [
    { column: 'First', attribute: 'firstName' },
    { column: 'Last', attribute: 'lastName' },
    { column: 'Born', attribute: 'birthDate' },
  ],
};

export const phonesMapping = {
  dataType: 'communication',
  parentKeyColumn: 'Contact',
  columns: [
    { column: 'Type', attribute: 'type', lookup: 'phoneType' },
    { column: 'Number', attribute: 'value' },
  ],
  defaults: { channel: 'phone' },
  lookups: { phoneType: { H: 'home', W: 'business', M: 'mobile' } },
};
