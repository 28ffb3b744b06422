import type { App } from '../../app/open-app.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { type DryRunReport, dryRunPackage } from '../../pipeline/dry-run/dry-run-package.js';
import { printJson } from '../output.js';

/**
 * `dovetail import --dry-run <package>`: what an import would do — rows accepted and rejected
 * with their errors, contacts that would be created or matched — with nothing staged.
 */
export async function runImportDryRun(
  app: App,
  packagePath: string,
  options: { user: string; onBehalfOf?: string; json?: boolean },
): Promise<DryRunReport> {
  const requireUser = async (userName: string) => {
    const user = await app.repositories.users.findByUserName(userName);
    if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${userName}"`);
    return user;
  };
  const submitter = await requireUser(options.user);
  const onBehalfOf = options.onBehalfOf ? await requireUser(options.onBehalfOf) : submitter;
  if (onBehalfOf.id !== submitter.id && !submitter.is_admin) {
    throw new DovetailError(
      'NOT_ALLOWED',
      `Only administrators can import on behalf of another user (${submitter.user_name} is not one)`,
    );
  }
  const report = await dryRunPackage({
    packagePath,
    onBehalfOfUserId: onBehalfOf.id,
    repositories: app.repositories,
    config: app.config,
  });
  if (options.json) printJson(report);
  else process.stdout.write(formatDryRun(report, onBehalfOf.user_name));
  return report;
}

export function formatDryRun(report: DryRunReport, onBehalfOf: string): string {
  const lines = ['Dry run: nothing was staged or changed.', ''];
  for (const file of report.files) {
    lines.push(
      `  ${file.file} (${file.dataType}): ${file.rowsRead} rows, ${file.rowsRead - file.rowsRejected} ok, ${file.rowsRejected} rejected`,
    );
  }
  if (report.errorCount > 0) {
    lines.push(
      '',
      `Errors (${report.errorCount}${report.errors.length < report.errorCount ? `, the first ${report.errors.length}` : ''}):`,
    );
    for (const error of report.errors) {
      const where = `${error.file} line ${error.line}${error.column ? `, column ${error.column}` : ''}`;
      lines.push(`  ${where}: ${error.message} [${error.code}]`);
    }
  }
  lines.push(
    '',
    `Contacts: ${report.contacts}, matched against the contacts ${onBehalfOf} can see and each other:`,
    `  would be created (no match): ${report.wouldCreate}`,
    `  match High:   ${report.matched.High}`,
    `  match Medium: ${report.matched.Medium}`,
    `  match Low:    ${report.matched.Low}`,
    `  (of the matched, ${report.matchedWithinPackage} match another contact of the same package)`,
    '',
  );
  return lines.join('\n');
}
