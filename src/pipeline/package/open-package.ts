/**
 * Opens an import package and checks everything that can be checked before a row is read:
 * the archive is safe, the manifest lists every file and only files that exist, each mapping
 * parses and fits the target definition and its CSV's header. All problems are collected, so a
 * package author sees the whole list at once.
 */
import { DovetailError } from '../../errors/dovetail-error.js';
import { isContactDataType } from '../../format/attributes.js';
import {
  type FileMapping,
  MANIFEST_FILE_NAME,
  type Manifest,
  manifestSchema,
  mappingSchema,
  type TargetDefinition,
  targetDefinitionSchema,
} from '../../format/package-format.schema.js';
import { checkMapping } from '../map/check-mapping.js';
import { openCsv } from '../parse/csv-reader.js';
import { type ArchiveLimits, openPackageArchive, type PackageArchive } from './package-archive.js';
import { parseJsonEntry } from './parse-json-entry.js';

export interface PackageFile {
  csv: string;
  mappingName: string;
  mapping: FileMapping;
  header: string[];
  encoding: string;
  delimiter: string;
  uncompressedBytes: number;
}

export interface OpenedPackage {
  archive: PackageArchive;
  manifest: Manifest;
  definition: TargetDefinition;
  /** Contact files first (children need their parents staged), then in manifest order. */
  files: PackageFile[];
}

/** Thrown when a package has one or more package-level problems; `problems` lists them all. */
export class PackageProblems extends DovetailError {
  constructor(readonly problems: DovetailError[]) {
    const first = problems[0]!;
    super(
      first.code,
      problems.length === 1
        ? first.message
        : `The package has ${problems.length} problems; the first: ${first.message}`,
      first.location,
    );
  }
}

export async function openPackage(path: string, limits: ArchiveLimits): Promise<OpenedPackage> {
  const archive = await openPackageArchive(path, limits);
  try {
    return await inspect(archive);
  } catch (error) {
    archive.close();
    throw error;
  }
}

async function inspect(archive: PackageArchive): Promise<OpenedPackage> {
  const problems: DovetailError[] = [];
  if (!archive.entries.has(MANIFEST_FILE_NAME)) {
    throw new PackageProblems([
      new DovetailError(
        'PACKAGE_MANIFEST_MISSING',
        `The package has no ${MANIFEST_FILE_NAME} at its root; it must list every file of the package`,
        { file: MANIFEST_FILE_NAME },
      ),
    ]);
  }
  const manifest = normaliseManifestPaths(
    await parseJsonEntry(archive, MANIFEST_FILE_NAME, manifestSchema, 'PACKAGE_MANIFEST_INVALID'),
  );
  const csvNames = manifest.files.map((file) => file.csv);
  for (const name of new Set(csvNames.filter((name, index) => csvNames.indexOf(name) !== index))) {
    problems.push(
      new DovetailError('PACKAGE_MANIFEST_INVALID', `${MANIFEST_FILE_NAME} lists "${name}" more than once`, {
        file: MANIFEST_FILE_NAME,
      }),
    );
  }

  const listed = new Set([MANIFEST_FILE_NAME, manifest.targetDefinition]);
  for (const file of manifest.files) listed.add(file.csv).add(file.mapping);
  for (const name of archive.entries.keys()) {
    if (!listed.has(name)) {
      problems.push(
        new DovetailError(
          'PACKAGE_FILE_NOT_IN_MANIFEST',
          `"${name}" is in the package but not listed in ${MANIFEST_FILE_NAME}`,
          { file: name },
        ),
      );
    }
  }
  for (const name of listed) {
    if (!archive.entries.has(name)) {
      problems.push(
        new DovetailError(
          'PACKAGE_FILE_MISSING',
          `${MANIFEST_FILE_NAME} lists "${name}", but the package does not contain it`,
          { file: name },
        ),
      );
    }
  }
  if (problems.length > 0) throw new PackageProblems(problems);

  const definition = await parseJsonEntry(
    archive,
    manifest.targetDefinition,
    targetDefinitionSchema,
    'PACKAGE_TARGET_DEFINITION_INVALID',
  );

  const files: PackageFile[] = [];
  for (const listedFile of manifest.files) {
    let mapping: FileMapping;
    try {
      mapping = await parseJsonEntry(archive, listedFile.mapping, mappingSchema, 'MAPPING_INVALID');
    } catch (error) {
      if (error instanceof DovetailError) {
        problems.push(error);
        continue;
      }
      throw error;
    }
    if (mapping.file !== listedFile.csv) {
      problems.push(
        new DovetailError(
          'MAPPING_INVALID',
          `${listedFile.mapping} describes "${mapping.file}", but ${MANIFEST_FILE_NAME} pairs it with "${listedFile.csv}"`,
          { file: listedFile.mapping },
        ),
      );
      continue;
    }
    let csv: Awaited<ReturnType<typeof readHeader>>;
    try {
      csv = await readHeader(archive, listedFile.csv, mapping);
    } catch (error) {
      if (!(error instanceof DovetailError)) throw error;
      problems.push(error);
      continue;
    }
    problems.push(...checkMapping(mapping, listedFile.mapping, definition, csv.header));
    files.push({
      csv: listedFile.csv,
      mappingName: listedFile.mapping,
      mapping,
      ...csv,
      uncompressedBytes: archive.entries.get(listedFile.csv)?.uncompressedSize ?? 0,
    });
  }
  if (problems.length > 0) throw new PackageProblems(problems);

  const contactFilesFirst = [
    ...files.filter((file) => isContactDataType(file.mapping.dataType)),
    ...files.filter((file) => !isContactDataType(file.mapping.dataType)),
  ];
  return { archive, manifest, definition, files: contactFilesFirst };
}

async function readHeader(
  archive: PackageArchive,
  name: string,
  mapping: FileMapping,
): Promise<{ header: string[]; encoding: string; delimiter: string }> {
  const stream = await archive.openEntry(name);
  try {
    const csv = await openCsv(stream, {
      fileName: name,
      encoding: mapping.encoding,
      delimiter: mapping.delimiter,
      sheet: mapping.sheet,
    });
    await csv.close?.();
    return { header: csv.header, encoding: csv.encoding, delimiter: csv.delimiter };
  } finally {
    stream.destroy();
  }
}

/** Manifest paths are compared with ZIP entry names, which the archive reader normalises the same way. */
function normaliseManifestPaths(manifest: Manifest): Manifest {
  const normalise = (name: string) => name.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  return {
    ...manifest,
    targetDefinition: normalise(manifest.targetDefinition),
    files: manifest.files.map((file) => ({ csv: normalise(file.csv), mapping: normalise(file.mapping) })),
  };
}
