import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DovetailError } from '../../errors/dovetail-error.js';
import { formatSuggestions } from '../../mapping-tool/format-suggestions.js';
import { listCsvFiles, readTargetDefinition, readTemplate } from '../../mapping-tool/read-inputs.js';
import { suggestMappings } from '../../mapping-tool/suggest-mappings.js';
import { writePackageFolder } from '../../mapping-tool/write-package-folder.js';
import { printJson } from '../output.js';

/** "Create New Mapping": `dovetail mapping suggest <csv…> --definition <file> --out <dir>`. */
export function registerMappingCommands(program: Command): void {
  const mapping = program.command('mapping').description('create the mappings of a package from legacy CSVs');
  mapping
    .command('suggest')
    .description(
      'profile the CSVs, suggest the mapping of every column and write a package folder (mapping files, manifest, definition, summary)',
    )
    .argument('<csv...>', 'CSV files, or folders of them')
    .requiredOption('--definition <file>', 'the target definition ("dovetail definition" writes it)')
    .requiredOption('--out <dir>', 'the package folder to write')
    .option('--template <file>', 'an earlier mapping template (or mapping file) whose choices win')
    .option('--name <name>', 'name of the package')
    .option(
      '--sample-rows <n>',
      'rows read per file to profile it',
      (value) => Number.parseInt(value, 10),
      5000,
    )
    .option('--json', 'print JSON for scripts')
    .action(async (paths: string[], options) => {
      const definition = await readTargetDefinition(options.definition);
      const template = options.template ? await readTemplate(options.template) : undefined;
      const csvFiles = listCsvFiles(paths);
      const names = csvFiles.map((file) => path.basename(file));
      const twice = names.find((name, index) => names.indexOf(name) !== index);
      if (twice)
        throw new DovetailError(
          'INVALID_ARGUMENT',
          `Two of the CSVs are named "${twice}": a package needs different names`,
        );
      const { plan, files } = await suggestMappings({
        files: csvFiles.map((file) => ({ path: file })),
        definition,
        ...(template ? { template } : {}),
        ...(options.name ? { name: options.name } : {}),
        sampleRows: options.sampleRows,
      });
      const sources = new Map(csvFiles.map((file) => [path.basename(file), file]));
      const folder = await writePackageFolder(plan, sources, definition, options.out);
      const summary = formatSuggestions(files);
      await fs.promises.writeFile(path.join(options.out, 'suggestions.txt'), `${summary}\n`);
      if (options.json) {
        printJson({
          folder: options.out,
          plan,
          files: folder.files,
          derived: folder.derived,
          suggestions: files,
        });
        return;
      }
      process.stdout.write(
        `${summary}\n\nWrote ${folder.files.length} mapping files, manifest.json and mapping-template.json to ${options.out}` +
          (folder.derived.length > 0
            ? `\n(${folder.derived.map((file) => file.file).join(', ')} split out of wide files)`
            : '') +
          `\nReview them, then: dovetail package build ${options.out} --out <file.zip>\n`,
      );
    });
}
