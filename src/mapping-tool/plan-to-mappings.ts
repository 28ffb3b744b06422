/**
 * Turns a file plan into the mapping file the importer reads: the columns that feed the file's
 * own attributes, with their lookups named after the attribute. Child targets are left to the
 * child files (child-files.ts).
 */
import type { FileMapping } from '../format/package-format.schema.js';
import type { ChildFile } from './child-files.js';
import { CONTACT_KEY_COLUMN, derivedAttributes } from './child-files.js';
import { parseChildTarget } from './column-target.js';
import { isComposedTarget } from './composed-columns.js';
import type { FilePlan } from './mapping-plan.js';

export function mappingOfPlan(plan: FilePlan): FileMapping {
  const lookups: Record<string, Record<string, string>> = {};
  const columns = plan.columns
    // Child targets go to the child files; parts of a composed value to their composed column.
    .filter((column) => !parseChildTarget(column.target) && !isComposedTarget(column.target))
    .map((column) => {
      let lookup: string | undefined;
      if (column.lookup && Object.keys(column.lookup).length > 0) {
        lookup = column.target.replace(/[^A-Za-z0-9]+/g, '');
        for (let n = 2; lookups[lookup] !== undefined; n++) lookup = `${column.target}${n}`;
        lookups[lookup] = column.lookup;
      }
      return {
        column: column.column,
        attribute: column.target,
        ...(lookup ? { lookup } : {}),
        ...(column.dateFormat ? { dateFormat: column.dateFormat } : {}),
      };
    });
  return {
    formatVersion: 1,
    file: plan.file,
    dataType: plan.dataType,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    ...(plan.keyColumn ? { keyColumn: plan.keyColumn } : {}),
    ...(plan.parentKeyColumn ? { parentKeyColumn: plan.parentKeyColumn } : {}),
    dateFormat: plan.dateFormat,
    defaultCountry: plan.defaultCountry,
    columns,
    lookups,
    defaults: plan.defaults,
  };
}

export function mappingOfChildFile(child: ChildFile, parent: FilePlan): FileMapping {
  const attributes = derivedAttributes(child.dataType);
  const lookups: Record<string, Record<string, string>> = {};
  const columns = Object.entries(attributes).map(([column, attribute]) => {
    const table = child.lookups.get(column);
    if (table) lookups[attribute] = table;
    return { column, attribute, ...(table ? { lookup: attribute } : {}) };
  });
  return {
    formatVersion: 1,
    file: child.name,
    dataType: child.dataType,
    encoding: 'utf-8',
    delimiter: ',',
    parentKeyColumn: CONTACT_KEY_COLUMN,
    dateFormat: child.dateFormat,
    defaultCountry: parent.defaultCountry,
    columns,
    lookups,
    defaults: {},
  };
}

/** The plan of a package without the mapping tool: for a template saved from plain mapping files. */
export function planOfMapping(mapping: FileMapping): FilePlan {
  return {
    file: mapping.file,
    dataType: mapping.dataType,
    encoding: mapping.encoding,
    delimiter: mapping.delimiter,
    ...(mapping.keyColumn ? { keyColumn: mapping.keyColumn } : {}),
    ...(mapping.parentKeyColumn ? { parentKeyColumn: mapping.parentKeyColumn } : {}),
    dateFormat: mapping.dateFormat,
    defaultCountry: mapping.defaultCountry,
    columns: mapping.columns.map((column) => ({
      column: column.column,
      target: column.attribute,
      ...(column.lookup && mapping.lookups[column.lookup] ? { lookup: mapping.lookups[column.lookup] } : {}),
      ...(column.dateFormat ? { dateFormat: column.dateFormat } : {}),
    })),
    defaults: mapping.defaults,
  };
}
