import {
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { ColumnRow } from './ColumnRow';
import { isContactType, setDefault } from './plan-edits';
import type { DataType, FilePlan, FileSuggestion, MappingChoices } from './use-mapping';

interface FileMappingCardProps {
  file: FilePlan;
  suggestion: FileSuggestion;
  choices: MappingChoices;
  onChange(file: FilePlan): void;
}

const delimiterNames: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** One CSV of the upload: what was detected, its type of data and keys, and a row per column. */
export function FileMappingCard({ file, suggestion, choices, onChange }: FileMappingCardProps) {
  const { profile } = suggestion;
  const headerOptions = profile.header.map((column) => ({ value: column, label: column }));
  const dataTypes = Object.keys(choices.targets) as DataType[];
  return (
    <Paper component="section" withBorder p="md" aria-label={file.file}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} size="h5">
              {file.file}
            </Title>
            <Text size="xs" c="dimmed">
              {suggestion.dataType.reason}
            </Text>
          </Stack>
          <Group gap={6}>
            <Badge variant="light" aria-label="Encoding">
              {profile.encoding}
            </Badge>
            <Badge variant="light" aria-label="Delimiter">
              {delimiterNames[profile.delimiter] ?? profile.delimiter} delimiter
            </Badge>
            <Badge variant="light" color="gray">
              {profile.rowsProfiled} rows read
            </Badge>
            {profile.malformedRows > 0 && (
              <Badge color="red" variant="light">
                {profile.malformedRows} malformed rows
              </Badge>
            )}
            {suggestion.fromTemplate && <Badge color="teal">from template</Badge>}
          </Group>
        </Group>
        <Group gap="sm" align="flex-end">
          <Select
            label="Data type"
            size="xs"
            w={150}
            data={dataTypes}
            value={file.dataType}
            allowDeselect={false}
            onChange={(value) => value && onChange({ ...file, dataType: value as DataType })}
          />
          {isContactType(file.dataType) ? (
            <Select
              label="Key column"
              size="xs"
              w={200}
              data={headerOptions}
              value={file.keyColumn ?? null}
              placeholder="generated (Dovetail Key)"
              clearable
              onChange={(value) => onChange(withOptional(file, 'keyColumn', value))}
            />
          ) : (
            <Select
              label="Parent key column"
              size="xs"
              w={200}
              data={headerOptions}
              value={file.parentKeyColumn ?? null}
              placeholder="choose the contact's key"
              clearable
              onChange={(value) => onChange(withOptional(file, 'parentKeyColumn', value))}
            />
          )}
          <Select
            label="Date format"
            size="xs"
            w={150}
            data={withCurrent(choices.dateFormats, file.dateFormat)}
            value={file.dateFormat}
            allowDeselect={false}
            onChange={(value) => value && onChange({ ...file, dateFormat: value })}
          />
          <TextInput
            label="Phone country"
            description="for numbers without +"
            size="xs"
            w={130}
            value={file.defaultCountry}
            maxLength={2}
            onChange={(event) =>
              onChange({ ...file, defaultCountry: event.currentTarget.value.toUpperCase() })
            }
          />
        </Group>
        <ScrollArea type="auto">
          <Table striped highlightOnHover aria-label={`Columns of ${file.file}`} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column</Table.Th>
                <Table.Th>Sample values</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Confidence</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Lookup / date format</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {suggestion.columns.map((column) => (
                <ColumnRow
                  key={column.column}
                  file={file}
                  suggestion={suggestion}
                  column={column}
                  choices={choices}
                  onChange={onChange}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        <Defaults file={file} choices={choices} onChange={onChange} />
      </Stack>
    </Paper>
  );
}

function withOptional(file: FilePlan, key: 'keyColumn' | 'parentKeyColumn', value: string | null): FilePlan {
  const { [key]: _old, ...rest } = file;
  return value ? { ...rest, [key]: value } : rest;
}

function withCurrent(options: string[], current: string) {
  return options.includes(current) ? options : [current, ...options];
}

/** Values given to every row of the file for an attribute no column fills (e.g. status "active"). */
function Defaults({ file, choices, onChange }: Omit<FileMappingCardProps, 'suggestion'>) {
  const [attribute, setAttribute] = useState<string | null>(null);
  const attributes = (choices.targets[file.dataType] ?? [])
    .map((choice) => choice.target)
    .filter((target) => !target.includes('/') && !(target in file.defaults));
  return (
    <Stack gap={4} role="group" aria-label={`Default values of ${file.file}`}>
      <Text size="sm" fw={500}>
        Default values
      </Text>
      {Object.entries(file.defaults).map(([name, value]) => (
        <Group key={name} gap="xs">
          <Text size="xs" w={150}>
            {name}
          </Text>
          <TextInput
            aria-label={`Default of ${name}`}
            size="xs"
            value={value}
            onChange={(event) => onChange(setDefault(file, name, event.currentTarget.value))}
          />
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => onChange(setDefault(file, name, null))}
          >
            Remove
          </Button>
        </Group>
      ))}
      <Group gap="xs">
        <Select
          aria-label={`Attribute for a default value of ${file.file}`}
          size="xs"
          w={200}
          placeholder="attribute"
          data={attributes}
          value={attribute}
          searchable
          onChange={setAttribute}
        />
        <Button
          size="compact-xs"
          variant="default"
          disabled={!attribute}
          onClick={() => {
            if (attribute) onChange(setDefault(file, attribute, ''));
            setAttribute(null);
          }}
        >
          Add default
        </Button>
      </Group>
    </Stack>
  );
}
