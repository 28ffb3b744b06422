/**
 * Maps one CSV record to a typed, validated row of its data type, or to the list of reasons
 * it cannot be imported. The mapping is compiled once per file into a plan, so the per-row
 * work is a loop over columns with no lookups by name.
 */
import type { RowProblem } from '../../errors/dovetail-error.js';
import {
  attributeCatalog,
  type ChildDataType,
  type ContactDataType,
  findAttribute,
  isContactDataType,
  requiredAttributes,
} from '../../format/attributes.js';
import type { AttributeValue, MappedFieldValue, RowResult } from '../../format/mapped-record.js';
import type { FileMapping, TargetDefinition } from '../../format/package-format.schema.js';
import type { CsvRecord } from '../parse/csv-reader.js';
import { resolveFieldAttribute } from './check-mapping.js';
import {
  type Converter,
  type ConverterOptions,
  convertCommunication,
  converterForAttribute,
  converterForField,
} from './field-converters.js';
import { createDateReader } from './parse-date.js';

export type { RowResult } from '../../format/mapped-record.js';

interface ColumnPlan {
  index: number;
  column: string;
  /** Catalogue attribute, or undefined for a custom/user field. */
  attribute?: string;
  field?: { scope: 'custom' | 'user'; name: string };
  lookup?: { name: string; table: Map<string, string> };
  convert: Converter;
  /**
   * An invalid value refuses the row: the column feeds an attribute the row cannot do without
   * (a name, a communication's value), or the mapping asks for it with onInvalid "refuseRow".
   * Otherwise the value is left out and the row keeps a warning.
   */
  refusesRow: boolean;
}

const lookupKey = (text: string) => text.trim().toLowerCase();

/**
 * Trims a value and drops NUL characters: legacy exports sometimes pad fields with them, no
 * person can see or type them, and PostgreSQL cannot store them in text.
 */
const cleanValue = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed.includes('\0') ? trimmed.replaceAll('\0', '').trim() : trimmed;
};

/** Reading problems after which the row's values are not worth checking: it is refused as read. */
const unreadableRowCodes = new Set<string>(['ROW_MALFORMED_CSV', 'ROW_LINE_TOO_LONG', 'ROW_FIELD_TOO_LONG']);

export function createRowMapper(
  mapping: FileMapping,
  definition: TargetDefinition,
  header: readonly string[],
  now = new Date(),
): (record: CsvRecord) => RowResult {
  const dataType = mapping.dataType;
  const isContact = isContactDataType(dataType);
  const baseOptions = {
    defaultCountry: mapping.defaultCountry,
    today: now.toISOString().slice(0, 10),
  };
  const optionsFor = (dateFormat: string): ConverterOptions => ({
    ...baseOptions,
    dateFormat,
    readDate: createDateReader(dateFormat, now),
  });
  const fileOptions = optionsFor(mapping.dateFormat);

  const converterFor = (attribute: string, options: ConverterOptions): ColumnPlan['convert'] => {
    const target = resolveFieldAttribute(attribute, definition);
    if (target) return converterForField(target.field, options, target.scope);
    const spec = findAttribute(dataType, attribute);
    if (!spec) throw new Error(`unchecked mapping: unknown attribute ${attribute}`);
    return converterForAttribute(spec, options);
  };

  const requiredNames = new Set(requiredAttributes[dataType].flatMap((rule) => rule.anyOf));
  const plans: ColumnPlan[] = mapping.columns.map((column) => {
    const target = resolveFieldAttribute(column.attribute, definition);
    const policy = column.onInvalid ?? mapping.onInvalid ?? 'dropValue';
    const table = column.lookup ? mapping.lookups[column.lookup] : undefined;
    return {
      index: header.indexOf(column.column),
      column: column.column,
      ...(target
        ? { field: { scope: target.scope, name: target.field.name } }
        : { attribute: column.attribute }),
      ...(column.lookup && table
        ? {
            lookup: {
              name: column.lookup,
              table: new Map(Object.entries(table).map(([from, to]) => [lookupKey(from), to])),
            },
          }
        : {}),
      convert: converterFor(
        column.attribute,
        column.dateFormat ? optionsFor(column.dateFormat) : fileOptions,
      ),
      refusesRow: policy === 'refuseRow' || (!target && requiredNames.has(column.attribute)),
    };
  });
  const defaults = Object.entries(mapping.defaults).map(([attribute, text]) => {
    const target = resolveFieldAttribute(attribute, definition);
    return {
      attribute,
      text,
      ...(target ? { field: { scope: target.scope, name: target.field.name } } : {}),
      convert: converterFor(attribute, fileOptions),
    };
  });
  const keyIndex = header.indexOf((isContact ? mapping.keyColumn : mapping.parentKeyColumn) ?? '');
  const keyColumn = header[keyIndex] ?? '';
  const attributeNames = attributeCatalog[dataType].map((attribute) => attribute.name);
  const columnOf = new Map(mapping.columns.map((column) => [column.attribute, column.column]));
  const typeRuleContext: TypeRuleContext = {
    defaultCountry: mapping.defaultCountry,
    categories: new Map(definition.categories.map((name) => [name.toLowerCase(), name])),
    definition,
    options: fileOptions,
    columnOf,
  };

  return (record) => {
    const problems: RowProblem[] = record.problems.length === 0 ? [] : [...record.problems];
    const key = cleanValue(record.values[keyIndex]);
    if (problems.length > 0 && problems.some((problem) => unreadableRowCodes.has(problem.code))) {
      return { ok: false, problems, key: key || undefined };
    }
    const attributes: Record<string, AttributeValue> = {};
    for (const name of attributeNames) attributes[name] = null;
    const fieldValues: MappedFieldValue[] = [];
    // Problems of values the row can do without: its warnings if nothing else refuses it
    // (made when the first one is found: most rows have none).
    let droppable: Set<RowProblem> | undefined;

    for (const plan of plans) {
      const raw = cleanValue(record.values[plan.index]);
      if (raw === '') continue;
      let text = raw;
      if (plan.lookup) {
        const translated = plan.lookup.table.get(lookupKey(raw));
        if (translated !== undefined) text = translated;
      }
      const result = plan.convert(text);
      if (!result.ok) {
        const message =
          plan.lookup && text === raw
            ? `${result.message}; "${raw}" is not in the lookup "${plan.lookup.name}" either (known codes: ${[...plan.lookup.table.keys()].join(', ')})`
            : result.message;
        const problem: RowProblem = { code: result.code, message, column: plan.column, value: raw };
        problems.push(problem);
        if (!plan.refusesRow) {
          droppable ??= new Set();
          droppable.add(problem);
        }
      } else if (plan.field) {
        fieldValues.push({ scope: plan.field.scope, field: plan.field.name, value: String(result.value) });
      } else if (plan.attribute) {
        attributes[plan.attribute] = result.value;
      }
    }
    for (const fallback of defaults) {
      const field = fallback.field;
      const present = field
        ? fieldValues.some((value) => value.scope === field.scope && value.field === field.name)
        : attributes[fallback.attribute] !== null && attributes[fallback.attribute] !== undefined;
      if (present) continue;
      const result = fallback.convert(fallback.text);
      if (!result.ok) {
        problems.push({ code: result.code, message: `default for ${fallback.attribute}: ${result.message}` });
      } else if (field) {
        fieldValues.push({ scope: field.scope, field: field.name, value: String(result.value) });
      } else {
        attributes[fallback.attribute] = result.value;
      }
    }

    checkTypeRules(dataType, attributes, problems, typeRuleContext);
    if (key === '') {
      problems.push({
        code: 'ROW_MISSING_KEY',
        message: isContact
          ? `the row has no legacy key in column "${keyColumn}"`
          : `the row does not say which contact it belongs to (column "${keyColumn}" is empty)`,
        column: keyColumn,
        value: '',
      });
    }
    for (const rule of requiredAttributes[dataType]) {
      const missing = rule.anyOf.every((name) => attributes[name] === null || attributes[name] === undefined);
      // A value that was present but invalid is already reported; "missing" would mislead.
      const reported =
        missing &&
        rule.anyOf.some((name) => problems.some((problem) => problem.column === columnOf.get(name)));
      if (missing && !reported) {
        const column = rule.anyOf.map((name) => columnOf.get(name)).find(Boolean);
        problems.push({
          code: 'ROW_REQUIRED_MISSING',
          message: rule.message,
          ...(column ? { column, value: '' } : {}),
        });
      }
    }

    // A refused row lists its droppable problems too: whoever fixes the row fixes them at once.
    if (problems.length > 0 && problems.some((problem) => !droppable?.has(problem))) {
      return { ok: false, problems, key: key || undefined };
    }
    const warnings = problems;
    if (isContact) {
      return {
        ok: true,
        record: { dataType: dataType as ContactDataType, key, line: record.line, attributes, fieldValues },
        warnings,
      };
    }
    return {
      ok: true,
      record: { dataType: dataType as ChildDataType, parentKey: key, line: record.line, attributes },
      warnings,
    };
  };
}

interface TypeRuleContext {
  defaultCountry: string;
  categories: Map<string, string>;
  definition: TargetDefinition;
  options: ConverterOptions;
  columnOf: Map<string, string>;
}

/** Rules that involve more than one column, or the user's vocabulary. */
function checkTypeRules(
  dataType: string,
  attributes: Record<string, AttributeValue>,
  problems: RowProblem[],
  context: TypeRuleContext,
): void {
  const problemAt = (attribute: string, code: RowProblem['code'], message: string, value: string) => {
    const column = context.columnOf.get(attribute);
    problems.push({ code, message, value, ...(column ? { column } : {}) });
  };
  if (dataType === 'communication' && typeof attributes.value === 'string') {
    const channel = typeof attributes.channel === 'string' ? attributes.channel : null;
    const { channel: resolved, result } = convertCommunication(
      attributes.value,
      channel,
      context.defaultCountry,
    );
    attributes.channel = resolved;
    if (result.ok) attributes.value = result.value;
    else problemAt('value', result.code, result.message, attributes.value);
  }
  if (dataType === 'category' && typeof attributes.category === 'string') {
    const known = context.categories.get(attributes.category.toLowerCase());
    if (known) attributes.category = known;
    else {
      const list = [...context.categories.values()].join(', ') || 'none';
      problemAt(
        'category',
        'ROW_UNKNOWN_CATEGORY',
        `"${attributes.category}" is not one of the categories in the target definition (${list})`,
        attributes.category,
      );
    }
  }
  if (dataType === 'customField' && typeof attributes.field === 'string') {
    const target =
      resolveFieldAttribute(`custom.${attributes.field}`, context.definition) ??
      resolveFieldAttribute(`user.${attributes.field}`, context.definition);
    if (!target) {
      problemAt(
        'field',
        'ROW_UNKNOWN_CUSTOM_FIELD',
        `"${attributes.field}" is not a custom or user field of the target definition`,
        attributes.field,
      );
      return;
    }
    attributes.field = target.field.name;
    attributes.scope = target.scope;
    if (typeof attributes.value === 'string') {
      const result = converterForField(target.field, context.options, target.scope)(attributes.value);
      if (result.ok) attributes.value = String(result.value);
      else problemAt('value', result.code, result.message, attributes.value);
    }
  }
}
