import type { Command } from 'commander';
import { DovetailError } from '../../errors/dovetail-error.js';
import { writeSamplePackage } from '../../sample/write-sample-package.js';
import { printJson } from '../output.js';

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('write a realistic, valid package of n contacts with child files (for demos and benchmarks)')
    .requiredOption('-c, --contacts <n>', 'number of contacts')
    .requiredOption('--out <file.zip>', 'where to write the package')
    .option('--seed <n>', 'random seed: the same seed gives the same package', '1')
    .option(
      '--revision <n>',
      'a later export of the package with the same --contacts and --seed: the same people, some changed, a few twice, some replaced (0: the package itself)',
      '0',
    )
    .option('--for <user>', 'user name the target definition is generated for', 'admin')
    .option('--json', 'print the summary as JSON')
    .action(async (options) => {
      const contacts = Number(options.contacts);
      const seed = Number(options.seed);
      if (!Number.isInteger(contacts) || contacts < 1) {
        throw new DovetailError(
          'INVALID_ARGUMENT',
          `--contacts must be a whole number of at least 1, not "${options.contacts}"`,
        );
      }
      if (!Number.isInteger(seed))
        throw new DovetailError('INVALID_ARGUMENT', `--seed must be a whole number`);
      const revision = Number(options.revision);
      if (!Number.isInteger(revision) || revision < 0)
        throw new DovetailError('INVALID_ARGUMENT', `--revision must be a whole number of at least 0`);
      const summary = await writeSamplePackage({
        contacts,
        out: options.out,
        seed,
        revision,
        ...(options.for !== 'admin' ? { owner: { userName: options.for } } : {}),
      });
      if (options.json) printJson(summary);
      else {
        const files = Object.entries(summary.files)
          .map(([name, file]) => `${name} ${file.rows} rows`)
          .join(', ');
        process.stdout.write(`Wrote ${summary.out} (${summary.bytes} bytes): ${files}\n`);
      }
    });
}
