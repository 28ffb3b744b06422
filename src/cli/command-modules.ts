import type { Command } from 'commander';
import type { CommandResult } from './main.js';

type Register = (program: Command, result: CommandResult) => void;

/**
 * Every top-level command and the module that defines it. A module is loaded only when its
 * command runs (or when help needs them all), so `dovetail imports list` does not pay for the
 * HTTP server, the mapping tool or the sample generator: the CLI's start-up time is mostly
 * module loading.
 */
const commandModules: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Register> }> = [
  { names: ['import'], load: async () => (await import('./commands/import.js')).registerImportCommand },
  { names: ['imports'], load: async () => (await import('./commands/imports.js')).registerImportsCommands },
  { names: ['jobs'], load: async () => (await import('./commands/jobs.js')).registerJobsCommands },
  { names: ['review'], load: async () => (await import('./commands/review.js')).registerReviewCommands },
  { names: ['sample'], load: async () => (await import('./commands/sample.js')).registerSampleCommand },
  {
    names: ['definition'],
    load: async () => (await import('./commands/definition.js')).registerDefinitionCommand,
  },
  { names: ['users'], load: async () => (await import('./commands/users.js')).registerUsersCommands },
  {
    names: ['notifications'],
    load: async () => (await import('./commands/notifications.js')).registerNotificationsCommand,
  },
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServeCommand },
  { names: ['worker'], load: async () => (await import('./commands/worker.js')).registerWorkerCommand },
  { names: ['tokens'], load: async () => (await import('./commands/users.js')).registerTokensCommands },
  { names: ['teams'], load: async () => (await import('./commands/teams.js')).registerTeamsCommands },
  {
    names: ['contacts'],
    load: async () => (await import('./commands/contacts.js')).registerContactsCommands,
  },
  { names: ['mapping'], load: async () => (await import('./commands/mapping.js')).registerMappingCommands },
  { names: ['package'], load: async () => (await import('./commands/package.js')).registerPackageCommands },
];

/**
 * Registers the command that argv names, or every command when it names none that exists (help,
 * a typo that commander should answer with the list, or no command at all). Registration order
 * is the order of the table, so help lists the commands as before.
 */
export async function registerCommandsFor(
  program: Command,
  result: CommandResult,
  argv: readonly string[],
): Promise<void> {
  const named = argv.slice(2).find((argument) => !argument.startsWith('-'));
  const only = commandModules.filter((module) => named !== undefined && module.names.includes(named));
  const chosen = only.length > 0 ? only : commandModules;
  const registers = await Promise.all(chosen.map((module) => module.load()));
  for (const register of registers) register(program, result);
}
