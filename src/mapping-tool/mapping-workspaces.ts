/**
 * The mapping tool behind the web UI: a workspace per upload holds the CSVs (under the data
 * folder, never in memory) and the target definition of the user the package is for, so the
 * person can check and build as often as they edit without sending the files again. Only the
 * person who uploaded (or an administrator) may use a workspace. Knows nothing of HTTP.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DovetailError } from '../errors/dovetail-error.js';
import { type TargetDefinition, targetDefinitionSchema } from '../format/package-format.schema.js';
import type { ArchiveLimits } from '../pipeline/package/package-archive.js';
import { checkPlan, type PlanCheck } from './check-plan.js';
import type { MappingPlan } from './mapping-plan.js';
import { type MappingSuggestions, suggestMappings } from './suggest-mappings.js';
import { type MappingChoices, mappingChoices } from './target-choices.js';

export interface WorkspaceUser {
  userName: string;
  isAdmin: boolean;
}

interface WorkspaceInfo {
  owner: string;
  definitionFor: string;
  createdAt: string;
  files: string[];
}

export interface CreatedWorkspace extends MappingSuggestions {
  id: string;
  definitionFor: string;
  /** What the editor may offer: targets per data type (with codes), date formats. */
  choices: MappingChoices;
}

const idPattern = /^[0-9a-f-]{36}$/;

/** Workspaces nobody removed are removed a day after they were made. */
export const WORKSPACE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export class MappingWorkspaces {
  constructor(
    private readonly root: string,
    private readonly limits: ArchiveLimits,
  ) {}

  /** A new, empty workspace folder to stream the uploaded CSVs into; forgotten ones are removed. */
  async open(): Promise<{ id: string; folder: string }> {
    await this.removeOlderThan(Date.now() - WORKSPACE_LIFETIME_MS);
    const id = randomUUID();
    const folder = path.join(this.root, id);
    await fs.promises.mkdir(path.join(folder, 'csv'), { recursive: true });
    return { id, folder: path.join(folder, 'csv') };
  }

  /** Profiles the CSVs received into the workspace and suggests their mappings. */
  async suggest(
    id: string,
    user: WorkspaceUser,
    input: { definitionFor: string; definition: TargetDefinition; template?: MappingPlan; name?: string },
  ): Promise<CreatedWorkspace> {
    const folder = path.join(this.root, id);
    const files = (await fs.promises.readdir(path.join(folder, 'csv'))).sort();
    if (files.length === 0) {
      throw new DovetailError('INVALID_ARGUMENT', 'Send at least one CSV file (multipart field "files")');
    }
    const info: WorkspaceInfo = {
      owner: user.userName,
      definitionFor: input.definitionFor,
      createdAt: new Date().toISOString(),
      files,
    };
    await fs.promises.writeFile(path.join(folder, 'workspace.json'), JSON.stringify(info));
    await fs.promises.writeFile(path.join(folder, 'definition.json'), JSON.stringify(input.definition));
    const suggestions = await suggestMappings({
      files: files.map((name) => ({ path: path.join(folder, 'csv', name), name })),
      definition: input.definition,
      ...(input.template ? { template: input.template } : {}),
      ...(input.name ? { name: input.name } : {}),
    });
    return {
      id,
      definitionFor: input.definitionFor,
      ...suggestions,
      choices: mappingChoices(input.definition),
    };
  }

  /** "Check before building": what an import of the plan's package would refuse. */
  async check(id: string, user: WorkspaceUser, plan: MappingPlan, maxRows?: number): Promise<PlanCheck> {
    const { sources, definition } = await this.load(id, user, plan);
    return checkPlan(plan, sources, definition, { limits: this.limits, ...(maxRows ? { maxRows } : {}) });
  }

  /** Builds the package ZIP at `zipPath` and checks it; the caller sends and removes the file. */
  async build(id: string, user: WorkspaceUser, plan: MappingPlan, zipPath: string): Promise<PlanCheck> {
    const { sources, definition } = await this.load(id, user, plan);
    return checkPlan(plan, sources, definition, { limits: this.limits, keepZipAt: zipPath });
  }

  async discard(id: string, user: WorkspaceUser): Promise<void> {
    await this.info(id, user);
    await fs.promises.rm(path.join(this.root, id), { recursive: true, force: true });
  }

  /** Removes a workspace whose upload failed (no owner recorded yet). */
  async abandon(id: string): Promise<void> {
    if (idPattern.test(id)) await fs.promises.rm(path.join(this.root, id), { recursive: true, force: true });
  }

  private async removeOlderThan(time: number): Promise<void> {
    const names = await fs.promises.readdir(this.root).catch(() => [] as string[]);
    for (const name of names.filter((candidate) => idPattern.test(candidate))) {
      const stat = await fs.promises.stat(path.join(this.root, name)).catch(() => undefined);
      if (stat && stat.mtimeMs < time) {
        await fs.promises.rm(path.join(this.root, name), { recursive: true, force: true });
      }
    }
  }

  private async info(id: string, user: WorkspaceUser): Promise<WorkspaceInfo> {
    const notFound = new DovetailError(
      'MAPPING_UPLOAD_NOT_FOUND',
      `There is no mapping upload with id "${id}"`,
    );
    if (!idPattern.test(id)) throw notFound;
    let info: WorkspaceInfo;
    try {
      info = JSON.parse(await fs.promises.readFile(path.join(this.root, id, 'workspace.json'), 'utf8'));
    } catch {
      throw notFound;
    }
    // Another user's upload is answered as one that does not exist: its owner is not told.
    if (info.owner !== user.userName && !user.isAdmin) throw notFound;
    return info;
  }

  private async load(id: string, user: WorkspaceUser, plan: MappingPlan) {
    const info = await this.info(id, user);
    const folder = path.join(this.root, id);
    const unknown = plan.files.map((file) => file.file).filter((name) => !info.files.includes(name));
    if (unknown.length > 0) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `The plan names ${unknown.map((name) => `"${name}"`).join(', ')}, which this upload does not have (it has: ${info.files.join(', ')})`,
      );
    }
    const definition = targetDefinitionSchema.parse(
      JSON.parse(await fs.promises.readFile(path.join(folder, 'definition.json'), 'utf8')),
    );
    const sources = new Map(info.files.map((name) => [name, path.join(folder, 'csv', name)]));
    return { sources, definition };
  }
}
