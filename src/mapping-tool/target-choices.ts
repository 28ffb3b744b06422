/**
 * What the mapping tool's editor may offer for a column: per data type, every target of the
 * user's definition (attributes, custom and user fields, and on contact files the child targets
 * of wide exports), with the codes a lookup translates to. The server lists them so the web UI
 * never keeps a second copy of the attribute catalogue.
 */
import { attributeCatalog, type DataType, dataTypes, isContactDataType } from '../format/attributes.js';
import type { TargetDefinition } from '../format/package-format.schema.js';
import { type ChildKind, childAttributes, childDataTypeOf, childTarget } from './column-target.js';
import { candidateDateFormats } from './detect-date-format.js';

export interface TargetChoice {
  target: string;
  label: string;
  /** For coded attributes: the values a lookup may translate legacy codes to. */
  codes?: string[];
}

export interface MappingChoices {
  targets: Record<DataType, TargetChoice[]>;
  dateFormats: string[];
}

/** The groups offered for each child kind; any other group is valid too (`email/4.value`). */
const childGroups: Record<ChildKind, readonly string[]> = {
  phone: ['home', 'business', 'mobile', 'other'],
  fax: ['business', 'home'],
  email: ['1', '2', '3'],
  web: ['1'],
  address: ['main', 'home', 'business', 'mailing', 'other'],
  note: ['1'],
  category: ['1'],
};

export function mappingChoices(definition: TargetDefinition): MappingChoices {
  const targets = Object.fromEntries(
    dataTypes.map((dataType) => [dataType, targetsOf(dataType, definition)]),
  ) as Record<DataType, TargetChoice[]>;
  return { targets, dateFormats: [...candidateDateFormats] };
}

function targetsOf(dataType: DataType, definition: TargetDefinition): TargetChoice[] {
  const own: TargetChoice[] = attributeCatalog[dataType].map((attribute) => ({
    target: attribute.name,
    label: attribute.label,
    ...(attribute.codes ? { codes: [...attribute.codes] } : {}),
  }));
  if (!isContactDataType(dataType)) return own;
  const fields: TargetChoice[] = [
    ...definition.customFields.map((field) => ({
      target: `custom.${field.name}`,
      label: `Custom field ${field.name}`,
    })),
    ...definition.userFields.map((field) => ({
      target: `user.${field.name}`,
      label: `User field ${field.name}`,
    })),
  ];
  const children = (Object.keys(childGroups) as ChildKind[]).flatMap((kind) =>
    childGroups[kind].flatMap((group) =>
      childAttributes[kind].map((attribute) => {
        const spec = attributeCatalog[childDataTypeOf(kind)].find(
          (candidate) => candidate.name === attribute,
        );
        return {
          target: childTarget(kind, group, attribute),
          label: `${kind} ${group}: ${spec?.label ?? (attribute === 'streetNumber' ? 'Street number (joined to the street)' : attribute)}`,
          ...(spec?.codes ? { codes: [...spec.codes] } : {}),
        };
      }),
    ),
  );
  // A birth date split over columns (Thunderbird): the builder puts the parts together.
  const composed: TargetChoice[] =
    dataType === 'person'
      ? (['year', 'month', 'day'] as const).map((part) => ({
          target: `birthDate#${part}`,
          label: `Birth date: ${part} (put together by the package builder)`,
        }))
      : [];
  return [...own, ...composed, ...fields, ...children];
}
