import { Alert, Button, Group, Input, List, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import type { CurrentUser } from '../api/client';
import { useUsers } from '../imports/use-imports';
import { fullName } from '../session/use-session';
import { type MappingUpload, useUploadCsvs } from './use-mapping';

const csvPattern = /\.(csv|tsv|txt|tab|xlsx|ods|vcf)$/i;

/** The CSVs of a legacy export (and optionally an earlier mapping template) to suggest a mapping for. */
export function UploadForm({
  user,
  onUploaded,
}: {
  user: CurrentUser;
  onUploaded(upload: MappingUpload): void;
}) {
  const upload = useUploadCsvs();
  const users = useUsers(user.isAdmin);
  const csvInput = useRef<HTMLInputElement>(null);
  const templateInput = useRef<HTMLInputElement>(null);
  const csvLabelId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [template, setTemplate] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [onBehalfOf, setOnBehalfOf] = useState(user.userName);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string>();

  const add = (chosen: FileList | null | undefined) => {
    const list = [...(chosen ?? [])];
    const refused = list.filter((file) => !csvPattern.test(file.name));
    const accepted = list.filter((file) => csvPattern.test(file.name));
    // A CSV of the same name replaces the earlier one: names are paths in the package.
    setFiles((current) => [
      ...current.filter((file) => !accepted.some((other) => other.name === file.name)),
      ...accepted,
    ]);
    setProblem(
      refused.length > 0
        ? `Not a CSV file or spreadsheet: ${refused.map((file) => file.name).join(', ')} (.csv, .tsv, .txt, .tab, .xlsx, .ods or .vcf)`
        : undefined,
    );
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) {
      setProblem('Add the CSV files of the export');
      return;
    }
    upload.mutate({ files, template, name, onBehalfOf }, { onSuccess: onUploaded });
  };

  const userOptions = (users.data ?? [user]).map((u) => ({ value: u.userName, label: fullName(u) }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={720}>
        <Input.Wrapper label="CSV files" labelProps={{ id: csvLabelId }} required error={problem}>
          <input
            ref={csvInput}
            type="file"
            multiple
            accept=".csv,.tsv,.txt,.tab,.xlsx,.ods,.vcf,text/csv,text/plain,text/vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet"
            aria-labelledby={csvLabelId}
            hidden
            onChange={(event) => {
              add(event.currentTarget.files);
              event.currentTarget.value = '';
            }}
          />
          <Paper
            withBorder
            p="md"
            mt={4}
            role="group"
            aria-label="Drop the CSV files here"
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
            style={{
              borderStyle: 'dashed',
              background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
            }}
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              {files.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Drag and drop the CSV files of a legacy export here, or browse for them.
                </Text>
              ) : (
                <List size="sm" data-testid="csv-file-names">
                  {files.map((file) => (
                    <List.Item key={file.name}>
                      {file.name}{' '}
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setFiles((current) => current.filter((other) => other !== file))}
                      >
                        Remove
                      </Button>
                    </List.Item>
                  ))}
                </List>
              )}
              <Button variant="default" onClick={() => csvInput.current?.click()}>
                Browse…
              </Button>
            </Group>
          </Paper>
        </Input.Wrapper>
        <Input.Wrapper
          label="Mapping template"
          description="Optional: an earlier mapping saved as a template; its choices win where its headers match."
        >
          <input
            ref={templateInput}
            type="file"
            accept=".json,application/json"
            aria-label="Mapping template file"
            hidden
            onChange={(event) => {
              setTemplate(event.currentTarget.files?.[0] ?? null);
              event.currentTarget.value = '';
            }}
          />
          <Group mt={4} gap="sm">
            <Button variant="default" size="xs" onClick={() => templateInput.current?.click()}>
              Choose template…
            </Button>
            {template && (
              <>
                <Text size="sm">{template.name}</Text>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => setTemplate(null)}>
                  Remove
                </Button>
              </>
            )}
          </Group>
        </Input.Wrapper>
        <TextInput
          label="Package name"
          description="Names the package and the template (default: Contact import)."
          value={name}
          maxLength={200}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        {user.isAdmin ? (
          <Select
            label="'On Behalf Of' User"
            description="Whose target definition (categories, custom and user fields) the mapping uses."
            data={userOptions}
            value={onBehalfOf}
            onChange={(value) => setOnBehalfOf(value ?? user.userName)}
            searchable
            allowDeselect={false}
          />
        ) : (
          <TextInput label="'On Behalf Of' User" value={fullName(user)} readOnly />
        )}
        {upload.error && (
          <Alert color="red" role="alert" title="The files were not read">
            {upload.error.message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={upload.isPending}>
            Suggest Mapping
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
