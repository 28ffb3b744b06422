import { attributeCatalog, type DataType, dataTypes } from './attributes.js';
import {
  type FieldDefinition,
  PACKAGE_FORMAT_VERSION,
  type TargetDefinition,
} from './package-format.schema.js';

export interface DefinitionOwner {
  userName: string;
  firstName?: string | null;
  lastName?: string | null;
}

export interface UserVocabulary {
  categories: readonly string[];
  customFields: readonly FieldDefinition[];
  userFields: readonly FieldDefinition[];
}

/**
 * Builds the target definition for one user: every importable attribute plus that user's
 * categories, custom fields and user fields.
 */
export function buildTargetDefinition(
  owner: DefinitionOwner,
  vocabulary: UserVocabulary,
  now = new Date(),
): TargetDefinition {
  const entities = Object.fromEntries(
    dataTypes.map((type: DataType) => [type, attributeCatalog[type].map((attribute) => attribute.name)]),
  ) as TargetDefinition['entities'];
  return {
    formatVersion: PACKAGE_FORMAT_VERSION,
    generatedFor: {
      userName: owner.userName,
      ...(owner.firstName ? { firstName: owner.firstName } : {}),
      ...(owner.lastName ? { lastName: owner.lastName } : {}),
    },
    generatedAt: now.toISOString(),
    entities,
    categories: [...vocabulary.categories],
    customFields: [...vocabulary.customFields],
    userFields: [...vocabulary.userFields],
  };
}

/** NexJ's naming: "<First> <Last> Import Definition". */
export function targetDefinitionFileName(owner: DefinitionOwner): string {
  const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ') || owner.userName;
  return `${name} Import Definition.json`;
}
