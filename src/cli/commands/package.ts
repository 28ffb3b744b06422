import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { exitCodeFor } from '../../errors/dovetail-error.js';
import { buildPackage } from '../../mapping-tool/build-package.js';
import { checkPackage, type PackageCheckReport } from '../../mapping-tool/check-package.js';
import { traceToSources } from '../../mapping-tool/check-plan.js';
import { derivedFilesOf } from '../../mapping-tool/child-files.js';
import { readTemplate } from '../../mapping-tool/read-inputs.js';
import { TEMPLATE_FILE_NAME } from '../../mapping-tool/write-package-folder.js';
import type { CommandResult } from '../main.js';
import { printJson } from '../output.js';

const rowLimit = (value: string) => Number.parseInt(value, 10);

/** `dovetail package build <dir> --out <zip>` and `dovetail package check <zip>`. */
export function registerPackageCommands(program: Command, result: CommandResult): void {
  const command = program.command('package').description('build and check contact packages');
  command
    .command('build')
    .description(
      'zip a package folder (manifest.json and the files it lists), save its mapping template, check it',
    )
    .argument('<dir>', 'the package folder ("dovetail mapping suggest" writes one)')
    .requiredOption('--out <file.zip>', 'the package to write')
    .option('--no-check', 'do not check the package after building it')
    .option('--max-rows <n>', 'check at most this many rows per file', rowLimit)
    .option('--json', 'print JSON for scripts')
    .action(async (folder: string, options) => {
      const built = await buildPackage(folder, options.out);
      const check = options.check ? await runCheck(built.zipPath, options.maxRows) : undefined;
      if (check && fs.existsSync(path.join(folder, TEMPLATE_FILE_NAME))) {
        // Problems of the child files split out of wide files, shown where they are in the wide file.
        const plan = await readTemplate(folder);
        check.problems = await traceToSources(check.problems, derivedFilesOf(plan), folder, plan);
      }
      if (options.json) printJson({ ...built, ...(check ? { check } : {}) });
      else {
        process.stdout.write(
          `Wrote ${built.zipPath} (${built.entries.length} files, ${built.bytes} bytes) and the mapping template ${built.templatePath}\n`,
        );
        if (check) process.stdout.write(`${formatCheck(check)}\n`);
      }
      if (check && !check.ok) result.exitCode = exitCodeFor(check.problems[0]!.code);
    });
  command
    .command('check')
    .description(
      'list every problem an import of the package would meet, package-level and row by row, at once',
    )
    .argument('<file.zip>', 'the package')
    .option('--max-rows <n>', 'check at most this many rows per file', rowLimit)
    .option('--json', 'print JSON for scripts')
    .action(async (zipPath: string, options) => {
      const check = await runCheck(zipPath, options.maxRows);
      if (options.json) printJson(check);
      else process.stdout.write(`${formatCheck(check)}\n`);
      if (!check.ok) result.exitCode = exitCodeFor(check.problems[0]!.code);
    });
}

function runCheck(zipPath: string, maxRows: number | undefined): Promise<PackageCheckReport> {
  return checkPackage(zipPath, { limits: loadConfig().archive, ...(maxRows ? { maxRows } : {}) });
}

export function formatCheck(check: PackageCheckReport): string {
  const packageProblems = check.problems.filter((problem) => problem.level === 'package').length;
  const lines = [
    check.ok
      ? `The package is ready to import: ${check.rowsChecked} rows checked, no problem found.`
      : `${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}: ${packageProblems} with the package, ` +
        `${check.problems.length - packageProblems} in ${check.rowsRejected} of ${check.rowsChecked} rows checked.`,
  ];
  if (check.warnings.length > 0) {
    lines.push(
      `${check.warnings.length} invalid value${check.warnings.length === 1 ? '' : 's'} would be left out of staged rows, each with a warning (listed after the problems).`,
    );
  }
  const sampled = check.files.filter((file) => !file.complete).map((file) => file.file);
  if (sampled.length > 0)
    lines.push(`Only the first rows of ${sampled.join(', ')} were checked (--max-rows).`);
  if (!check.orphansChecked && check.files.length > 0) {
    lines.push(
      'Rows without their contact (ROW_ORPHAN) were not looked for: not every contact row was checked.',
    );
  }
  for (const problem of [...check.problems, ...check.warnings]) {
    const severity = check.warnings.includes(problem) ? 'warning ' : '';
    const where = [
      problem.file,
      problem.line !== undefined ? `line ${problem.line}` : undefined,
      problem.column ? `column "${problem.column}"` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    const value = problem.value ? ` (value "${problem.value}")` : '';
    lines.push(`${where || 'package'}: ${severity}[${problem.code}] ${problem.message}${value}`);
  }
  return lines.join('\n');
}
