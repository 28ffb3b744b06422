/**
 * The `dovetail` command line: a thin shell over the same services the server uses.
 */
import { Command, CommanderError } from 'commander';
import { describeError, exitCodeFor, isDovetailError } from '../errors/dovetail-error.js';
import { registerContactsCommands } from './commands/contacts.js';
import { registerDefinitionCommand } from './commands/definition.js';
import { registerImportCommand } from './commands/import.js';
import { registerImportsCommands } from './commands/imports.js';
import { registerJobsCommands } from './commands/jobs.js';
import { registerMappingCommands } from './commands/mapping.js';
import { registerNotificationsCommand } from './commands/notifications.js';
import { registerPackageCommands } from './commands/package.js';
import { registerReviewCommands } from './commands/review.js';
import { registerSampleCommand } from './commands/sample.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTeamsCommands } from './commands/teams.js';
import { registerTokensCommands, registerUsersCommands } from './commands/users.js';
import { registerWorkerCommand } from './commands/worker.js';

/** Set by commands that finish with a non-zero outcome without throwing. */
export interface CommandResult {
  exitCode: number;
}

export async function main(argv: readonly string[]): Promise<number> {
  const result: CommandResult = { exitCode: 0 };
  const program = new Command()
    .name('dovetail')
    .description('Import contact packages into a staging area, validating every row.')
    .showHelpAfterError()
    .exitOverride();
  registerImportCommand(program, result);
  registerImportsCommands(program, result);
  registerJobsCommands(program, result);
  registerReviewCommands(program, result);
  registerSampleCommand(program);
  registerDefinitionCommand(program);
  registerUsersCommands(program);
  registerNotificationsCommand(program);
  registerServeCommand(program);
  registerWorkerCommand(program);
  registerTokensCommands(program);
  registerTeamsCommands(program);
  registerContactsCommands(program);
  registerMappingCommands(program);
  registerPackageCommands(program, result);
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
