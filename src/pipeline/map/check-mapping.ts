/**
 * Checks a file's mapping against the target definition and the CSV header before any row is
 * read. Returns every problem at once, so a package author fixes them in one pass.
 */
import { isSupportedCountry } from 'libphonenumber-js/max';
import { DovetailError } from '../../errors/dovetail-error.js';
import {
  customFieldPrefix,
  findAttribute,
  isContactDataType,
  userFieldPrefix,
} from '../../format/attributes.js';
import type { FieldDefinition, FileMapping, TargetDefinition } from '../../format/package-format.schema.js';

export interface MappedFieldTarget {
  scope: 'custom' | 'user';
  field: FieldDefinition;
}

/** Resolves "custom.<Field>" / "user.<Field>" to the definition's field, if any. */
export function resolveFieldAttribute(
  attribute: string,
  definition: TargetDefinition,
): MappedFieldTarget | undefined {
  const scopes = [
    { prefix: customFieldPrefix, scope: 'custom' as const, fields: definition.customFields },
    { prefix: userFieldPrefix, scope: 'user' as const, fields: definition.userFields },
  ];
  for (const { prefix, scope, fields } of scopes) {
    if (!attribute.startsWith(prefix)) continue;
    const name = attribute.slice(prefix.length).toLowerCase();
    const field = fields.find((candidate) => candidate.name.toLowerCase() === name);
    return field ? { scope, field } : undefined;
  }
  return undefined;
}

export function checkMapping(
  mapping: FileMapping,
  mappingName: string,
  definition: TargetDefinition,
  header: readonly string[],
): DovetailError[] {
  const problems: DovetailError[] = [];
  const at = (column?: string) => ({ file: mappingName, ...(column ? { column } : {}) });
  const headerSet = new Set(header);
  const entityAttributes = new Set(definition.entities[mapping.dataType] ?? []);
  const isContact = isContactDataType(mapping.dataType);

  const requireColumn = (column: string, role: string) => {
    if (!headerSet.has(column)) {
      problems.push(
        new DovetailError(
          'MAPPING_COLUMN_MISSING',
          `${role} "${column}" named in ${mappingName} is not a column of ${mapping.file} (its columns are: ${header.join(', ')})`,
          at(column),
        ),
      );
    }
  };

  const keyColumn = isContact ? mapping.keyColumn : mapping.parentKeyColumn;
  const keyRole = isContact ? 'keyColumn' : 'parentKeyColumn';
  if (keyColumn === undefined) {
    problems.push(
      new DovetailError(
        'MAPPING_KEY_MISSING',
        `${mappingName} maps ${mapping.dataType} rows but has no ${keyRole}: ${isContact ? 'every contact needs its legacy key' : 'every child row must name its contact'}`,
        at(),
      ),
    );
  } else {
    requireColumn(keyColumn, keyRole);
  }
  const misplacedKey = isContact ? mapping.parentKeyColumn : mapping.keyColumn;
  if (misplacedKey !== undefined) {
    problems.push(
      new DovetailError(
        'MAPPING_INVALID',
        `${mappingName} sets ${isContact ? 'parentKeyColumn' : 'keyColumn'}, which ${mapping.dataType} files do not have: use ${keyRole}`,
        at(misplacedKey),
      ),
    );
  }
  if (!isSupportedCountry(mapping.defaultCountry)) {
    problems.push(
      new DovetailError(
        'MAPPING_INVALID',
        `${mappingName} sets defaultCountry "${mapping.defaultCountry}", which is not a country phone numbers can be read for`,
        at(),
      ),
    );
  }

  const checkAttribute = (attribute: string, column?: string) => {
    const what =
      column === undefined ? `a default for "${attribute}"` : `column "${column}" to "${attribute}"`;
    if (attribute.startsWith(customFieldPrefix) || attribute.startsWith(userFieldPrefix)) {
      if (!isContact) {
        problems.push(
          new DovetailError(
            'MAPPING_UNKNOWN_ATTRIBUTE',
            `${mappingName} maps ${what}, but custom and user fields can only be mapped on person and company files`,
            at(column),
          ),
        );
      } else if (!resolveFieldAttribute(attribute, definition)) {
        problems.push(
          new DovetailError(
            'MAPPING_UNKNOWN_ATTRIBUTE',
            `${mappingName} maps ${what}, but the target definition has no such field`,
            at(column),
          ),
        );
      }
      return;
    }
    if (!findAttribute(mapping.dataType, attribute) || !entityAttributes.has(attribute)) {
      problems.push(
        new DovetailError(
          'MAPPING_UNKNOWN_ATTRIBUTE',
          `${mappingName} maps ${what}, which the target definition does not list for ${mapping.dataType} data`,
          at(column),
        ),
      );
    }
  };

  for (const column of mapping.columns) {
    requireColumn(column.column, 'Column');
    checkAttribute(column.attribute, column.column);
    if (column.lookup !== undefined && mapping.lookups[column.lookup] === undefined) {
      problems.push(
        new DovetailError(
          'MAPPING_UNKNOWN_LOOKUP',
          `${mappingName} uses lookup "${column.lookup}" for column "${column.column}", but defines no lookup of that name`,
          at(column.column),
        ),
      );
    }
  }
  for (const attribute of Object.keys(mapping.defaults)) checkAttribute(attribute);
  return problems;
}
