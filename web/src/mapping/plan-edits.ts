import type { DataType, FilePlan, MappingChoices, PlannedColumn } from './use-mapping';

/**
 * The edits the mapping editor makes to one file's plan. The plan is the only state: what is
 * sent to Check and Build Package, and what Save as Template writes, is what the screen shows.
 * A column absent from `columns` is not imported.
 */

export function plannedColumn(file: FilePlan, column: string): PlannedColumn | undefined {
  return file.columns.find((candidate) => candidate.column === column);
}

/** Sets a column's target (null: not imported), keeping its place in the CSV's order. */
export function setTarget(file: FilePlan, header: string[], column: string, target: string | null): FilePlan {
  const current = plannedColumn(file, column);
  const others = file.columns.filter((candidate) => candidate.column !== column);
  if (target === null) return { ...file, columns: others };
  // A lookup translates codes of one attribute; it does not carry over to another target.
  const kept: PlannedColumn =
    current?.target === target ? { ...current } : { column, target, ...dateFormatOf(current) };
  const order = (name: string) => header.indexOf(name);
  return { ...file, columns: [...others, kept].sort((a, b) => order(a.column) - order(b.column)) };
}

function dateFormatOf(column: PlannedColumn | undefined) {
  return column?.dateFormat ? { dateFormat: column.dateFormat } : {};
}

/** Sets (or, with an empty value, removes) the translation of one legacy value of a column. */
export function setLookup(file: FilePlan, column: string, legacy: string, code: string | null): FilePlan {
  return updateColumn(file, column, (current) => {
    const lookup = { ...current.lookup };
    if (code) lookup[legacy] = code;
    else delete lookup[legacy];
    const { lookup: _old, ...rest } = current;
    return Object.keys(lookup).length > 0 ? { ...rest, lookup } : rest;
  });
}

/** A column's own date format (null: the file's). */
export function setColumnDateFormat(file: FilePlan, column: string, format: string | null): FilePlan {
  return updateColumn(file, column, (current) => {
    const { dateFormat: _old, ...rest } = current;
    return format ? { ...rest, dateFormat: format } : rest;
  });
}

function updateColumn(
  file: FilePlan,
  column: string,
  edit: (current: PlannedColumn) => PlannedColumn,
): FilePlan {
  return {
    ...file,
    columns: file.columns.map((candidate) => (candidate.column === column ? edit(candidate) : candidate)),
  };
}

export function setDefault(file: FilePlan, attribute: string, value: string | null): FilePlan {
  const defaults = { ...file.defaults };
  if (value === null) delete defaults[attribute];
  else defaults[attribute] = value;
  return { ...file, defaults };
}

/** The target choices of a data type, plus any target already chosen that the list lacks. */
export function targetOptions(choices: MappingChoices, dataType: DataType, chosen: string | undefined) {
  const options = (choices.targets[dataType] ?? []).map((choice) => ({
    value: choice.target,
    label: choice.target,
  }));
  if (chosen && !options.some((option) => option.value === chosen)) {
    options.unshift({ value: chosen, label: chosen });
  }
  return options;
}

/** The codes a lookup of this target translates to, when it is a coded attribute. */
export function codesOf(choices: MappingChoices, dataType: DataType, target: string | undefined) {
  return (choices.targets[dataType] ?? []).find((choice) => choice.target === target)?.codes;
}

export const isContactType = (dataType: DataType) => dataType === 'person' || dataType === 'company';
