import { Alert, Button, Group, Input, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import type { CurrentUser } from '../api/client';
import { fullName } from '../session/use-session';
import { useDialogs } from './dialogs';
import { useStartImport, useUsers } from './use-imports';

interface Problems {
  packageFile?: string;
  description?: string;
}

/** Import Data: the package, the 'On Behalf Of' User and the Description; OK starts the job. */
export function ImportDataDialog({ user }: { user: CurrentUser }) {
  const dialogs = useDialogs();
  const start = useStartImport();
  const users = useUsers(dialogs.importData && user.isAdmin);
  const fileInput = useRef<HTMLInputElement>(null);
  const packageLabelId = useId();
  const [attaching, setAttaching] = useState(false);
  const [packageFile, setPackageFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [onBehalfOf, setOnBehalfOf] = useState(user.userName);
  const [description, setDescription] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  const reset = () => {
    setAttaching(false);
    setPackageFile(null);
    setOnBehalfOf(user.userName);
    setDescription('');
    setProblems({});
    start.reset();
  };
  const close = () => {
    reset();
    dialogs.close('importData');
  };

  const choose = (file: File | undefined) => {
    if (!file) return;
    setAttaching(true);
    setPackageFile(file);
    setProblems((p) => ({ ...p, packageFile: packageProblem(file) }));
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Problems = {
      packageFile: packageProblem(packageFile),
      description: description.trim()
        ? undefined
        : 'Enter a description: it identifies the import job at every later stage',
    };
    setProblems(found);
    if (found.packageFile || found.description || !packageFile) return;
    start.mutate(
      { packageFile, description: description.trim(), onBehalfOf },
      {
        onSuccess: (job) => {
          notifications.show({
            title: 'Import Data',
            message: `Importing package "${job.description}" in the background.`,
            autoClose: 4000,
          });
          close();
        },
      },
    );
  };

  const userOptions = (users.data ?? [{ ...user }]).map((u) => ({
    value: u.userName,
    label: fullName(u) === u.userName ? u.userName : `${fullName(u)} (${u.userName})`,
  }));

  return (
    <Modal opened={dialogs.importData} onClose={close} title="Import Data" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Input.Wrapper
            label="Import Package"
            labelProps={{ id: packageLabelId }}
            required
            error={problems.packageFile}
          >
            <input
              ref={fileInput}
              type="file"
              accept=".zip,application/zip"
              aria-labelledby={packageLabelId}
              hidden
              onChange={(event) => {
                choose(event.currentTarget.files?.[0]);
                event.currentTarget.value = '';
              }}
            />
            {!attaching ? (
              <Group mt={4}>
                <Button variant="default" onClick={() => setAttaching(true)}>
                  Add Attachment
                </Button>
              </Group>
            ) : (
              <Paper
                withBorder
                p="md"
                mt={4}
                role="group"
                aria-label="Drop the import package here"
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
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" c={packageFile ? undefined : 'dimmed'} data-testid="package-file-name">
                    {packageFile
                      ? `${packageFile.name} (${formatBytes(packageFile.size)})`
                      : 'Drag and drop a .zip package here, or browse for it.'}
                  </Text>
                  {/* Takes the focus from Add Attachment, which it replaces. */}
                  <Button variant="default" onClick={() => fileInput.current?.click()} autoFocus>
                    Browse…
                  </Button>
                </Group>
              </Paper>
            )}
          </Input.Wrapper>
          {user.isAdmin ? (
            <Select
              label="'On Behalf Of' User"
              description="Only existing contacts this user can access are used for matching."
              data={userOptions}
              value={onBehalfOf}
              onChange={(value) => setOnBehalfOf(value ?? user.userName)}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No such user"
            />
          ) : (
            <TextInput label="'On Behalf Of' User" value={fullName(user)} readOnly />
          )}
          <TextInput
            label="Description"
            description="Identifies the import job at every later stage and names the list of its contacts."
            required
            value={description}
            onChange={(event) => {
              setDescription(event.currentTarget.value);
              if (event.currentTarget.value.trim()) setProblems((p) => ({ ...p, description: undefined }));
            }}
            error={problems.description}
            maxLength={200}
          />
          {start.error && (
            <Alert color="red" role="alert" title="The import did not start">
              {start.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={start.isPending}>
              OK
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function packageProblem(file: File | null): string | undefined {
  if (!file) return 'Attach the import package (a .zip file)';
  if (!file.name.toLowerCase().endsWith('.zip')) return `"${file.name}" is not a .zip package`;
  return undefined;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
