/**
 * "Create New Mapping": profiles every CSV and suggests its mapping, reusing a template where
 * its headers match. The result is a mapping plan to edit, check and build, plus the evidence
 * (profiles, confidences, reasons, alternatives) a person needs to judge each suggestion.
 */
import path from 'node:path';
import type { TargetDefinition } from '../format/package-format.schema.js';
import type { MappingPlan } from './mapping-plan.js';
import { profileCsv } from './profile-csv.js';
import { type FileSuggestion, suggestFileMapping } from './suggest-file-mapping.js';

export interface SourceCsv {
  /** Where the file is on disk. */
  path: string;
  /** Its name in the package (default: the base name of path). */
  name?: string;
}

export interface SuggestMappingsInput {
  files: readonly SourceCsv[];
  definition: TargetDefinition;
  template?: MappingPlan;
  /** Name of the package (default: the template's name or "Contact import"). */
  name?: string;
  /** Rows read per file to profile it (default 5000). */
  sampleRows?: number;
}

export interface MappingSuggestions {
  plan: MappingPlan;
  files: FileSuggestion[];
}

/**
 * @example const { plan, files } = await suggestMappings({ files: [{ path: 'clients.csv' }], definition });
 */
export async function suggestMappings(input: SuggestMappingsInput): Promise<MappingSuggestions> {
  const files: FileSuggestion[] = [];
  for (const source of input.files) {
    const profile = await profileCsv(source.path, {
      name: source.name ?? path.basename(source.path),
      ...(input.sampleRows ? { sampleRows: input.sampleRows } : {}),
    });
    files.push(suggestFileMapping(profile, input.definition, input.template));
  }
  return {
    plan: {
      kind: 'dovetail-mapping-template',
      formatVersion: 1,
      name: input.name ?? input.template?.name ?? 'Contact import',
      files: files.map((file) => file.plan),
    },
    files,
  };
}
