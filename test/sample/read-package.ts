/**
 * Test helpers: read every entry of a package ZIP into memory (packages in tests are small) and
 * parse its CSVs as the mappings describe them.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import {
  type FileMapping,
  type Manifest,
  manifestSchema,
  mappingSchema,
  type TargetDefinition,
  targetDefinitionSchema,
} from '../../src/format/package-format.schema.js';

export async function readZipEntries(path: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  zip.close();
  return entries;
}

export interface ParsedCsv {
  mapping: FileMapping;
  header: string[];
  /** One object per data row, by header. */
  rows: Record<string, string>[];
}

export interface ParsedPackage {
  manifest: Manifest;
  definition: TargetDefinition;
  csvs: Map<string, ParsedCsv>;
}

/** Parses manifest, target definition and mappings with the format's schemas, then every CSV. */
export function parsePackage(
  entries: Map<string, Buffer>,
  delimiters: Record<string, string> = {},
): ParsedPackage {
  const json = (name: string): unknown => JSON.parse(text(entries, name));
  const manifest = manifestSchema.parse(json('manifest.json'));
  const definition = targetDefinitionSchema.parse(json(manifest.targetDefinition));
  const csvs = new Map<string, ParsedCsv>();
  for (const file of manifest.files) {
    const mapping = mappingSchema.parse(json(file.mapping));
    const bytes = entries.get(file.csv);
    if (!bytes) throw new Error(`${file.csv} is missing`);
    const content = mapping.encoding === 'windows-1252' ? iconv.decode(bytes, 'windows-1252') : decode(bytes);
    const delimiter = mapping.delimiter === 'auto' ? (delimiters[file.csv] ?? ',') : mapping.delimiter;
    const [header = [], ...records] = parse(content, { delimiter, bom: true }) as string[][];
    const rows = records.map((record) =>
      Object.fromEntries(header.map((column, index) => [column, record[index] ?? ''])),
    );
    csvs.set(file.csv, { mapping, header, rows });
  }
  return { manifest, definition, csvs };
}

function text(entries: Map<string, Buffer>, name: string): string {
  const bytes = entries.get(name);
  if (!bytes) throw new Error(`${name} is missing`);
  return bytes.toString('utf8');
}

/** UTF-8 when the bytes are valid UTF-8, Windows-1252 otherwise (what "auto" does for these files). */
function decode(bytes: Buffer): string {
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return utf8.includes('\uFFFD') ? iconv.decode(bytes, 'windows-1252') : utf8;
}
