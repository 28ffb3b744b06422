import { Badge, Group, Select, Stack, Table, Text } from '@mantine/core';
import {
  codesOf,
  plannedColumn,
  setColumnDateFormat,
  setLookup,
  setTarget,
  targetOptions,
} from './plan-edits';
import type { ColumnSuggestion, FilePlan, FileSuggestion, MappingChoices } from './use-mapping';

interface ColumnRowProps {
  file: FilePlan;
  suggestion: FileSuggestion;
  column: ColumnSuggestion;
  choices: MappingChoices;
  onChange(file: FilePlan): void;
}

/** One CSV column: samples, the target (suggested, then the user's), why, its lookup and date format. */
export function ColumnRow({ file, suggestion, column, choices, onChange }: ColumnRowProps) {
  const planned = plannedColumn(file, column.column);
  const target = planned?.target;
  const role =
    column.column === file.keyColumn ? 'Key' : column.column === file.parentKeyColumn ? 'Parent key' : null;
  const profile = suggestion.profile.columns.find((candidate) => candidate.column === column.column);
  const codes = codesOf(choices, file.dataType, target);
  const header = suggestion.profile.header;
  // A key column need not feed an attribute too: then its role is what was suggested for it.
  const shown = target ?? (role === 'Key' ? '(key)' : role === 'Parent key' ? '(parentKey)' : null);
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500}>
            {column.column}
          </Text>
          {role && (
            <Badge size="xs" variant="light" color="grape">
              {role}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td maw={220}>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {column.samples.slice(0, 3).join(' · ') || '(empty)'}
        </Text>
      </Table.Td>
      <Table.Td miw={220}>
        <Select
          aria-label={`Target of "${column.column}"`}
          size="xs"
          data={[
            { value: '', label: role ? `(${role.toLowerCase()} only)` : '(not imported)' },
            ...targetOptions(choices, file.dataType, target),
          ]}
          value={target ?? ''}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No such target"
          onChange={(value) => onChange(setTarget(file, header, column.column, value || null))}
        />
      </Table.Td>
      <Table.Td>
        <Confidence column={column} shown={shown} />
      </Table.Td>
      <Table.Td maw={320}>
        <Text size="xs">{column.target === shown ? column.reason : 'your choice'}</Text>
      </Table.Td>
      <Table.Td miw={260}>
        <Stack gap={4}>
          {planned && codes && profile?.distinctValues && (
            <Lookup
              file={file}
              column={column.column}
              lookup={planned.lookup ?? {}}
              values={profile.distinctValues}
              codes={codes}
              unknown={column.unknownCodes ?? []}
              onChange={onChange}
            />
          )}
          {planned && (column.dateFormat || planned.dateFormat) && (
            <Select
              aria-label={`Date format of "${column.column}"`}
              size="xs"
              data={choices.dateFormats}
              value={planned.dateFormat ?? null}
              placeholder={`file's format (${file.dateFormat})`}
              clearable
              onChange={(value) => onChange(setColumnDateFormat(file, column.column, value))}
            />
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

function Confidence({ column, shown }: { column: ColumnSuggestion; shown: string | null }) {
  if (column.target !== shown) return <Badge variant="outline">changed</Badge>;
  if (!column.target) return <Text size="xs">—</Text>;
  const percent = Math.round(column.confidence * 100);
  const color = column.confidence >= 0.9 ? 'green' : column.confidence >= 0.7 ? 'yellow' : 'orange';
  return (
    <Badge color={color} variant="light" aria-label={`confidence ${percent}%`}>
      {percent}%
    </Badge>
  );
}

interface LookupProps {
  file: FilePlan;
  column: string;
  lookup: Record<string, string>;
  values: { value: string; count: number }[];
  codes: string[];
  unknown: string[];
  onChange(file: FilePlan): void;
}

/** The distinct values found in a coded column, each with the target code it becomes. */
function Lookup({ file, column, lookup, values, codes, unknown, onChange }: LookupProps) {
  return (
    <Stack gap={2} role="group" aria-label={`Lookup of "${column}"`}>
      {values.map(({ value, count }) => {
        const isCode = codes.includes(value);
        return (
          <Group key={value} gap={6} wrap="nowrap">
            <Text size="xs" w={110} truncate c={!isCode && unknown.includes(value) ? 'red' : undefined}>
              {value} ({count})
            </Text>
            <Select
              aria-label={`"${value}" in "${column}" becomes`}
              size="xs"
              w={130}
              data={codes}
              value={lookup[value] ?? (isCode ? value : null)}
              placeholder="no translation"
              clearable
              onChange={(code) => onChange(setLookup(file, column, value, code))}
            />
          </Group>
        );
      })}
    </Stack>
  );
}
