/**
 * The `dovetail` command line: a thin shell over the same services the server uses.
 */
import { Command, CommanderError } from 'commander';
import { describeError, exitCodeFor, isDovetailError } from '../errors/dovetail-error.js';
import { registerCommandsFor } from './command-modules.js';
import { dovetailVersion } from './version.js';

/** Set by commands that finish with a non-zero outcome without throwing. */
export interface CommandResult {
  exitCode: number;
}

export async function main(argv: readonly string[]): Promise<number> {
  const result: CommandResult = { exitCode: 0 };
  const program = new Command()
    .name('dovetail')
    .description('Import contact packages into a staging area, validating every row.')
    .version(dovetailVersion(), '-V, --version', 'print the version of Dovetail')
    .showHelpAfterError()
    .exitOverride();
  await registerCommandsFor(program, result, argv);
  try {
    await program.parseAsync([...argv]);
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isDovetailError(error)) {
      process.stderr.write(`Error [${error.code}]: ${describeError(error)}\n`);
      return exitCodeFor(error.code);
    }
    // Unexpected: the message, not a stack, unless DOVETAIL_DEBUG=1 asks for it.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Error: ${message}\n`);
    if (process.env.DOVETAIL_DEBUG === '1' && error instanceof Error)
      process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
