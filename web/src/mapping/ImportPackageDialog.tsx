import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useStartImport } from '../imports/use-imports';

interface ImportPackageDialogProps {
  packageFile: File | null;
  onBehalfOf: string;
  onClose(): void;
}

/** Import this package: the built ZIP goes through the same API as Import Data (POST /api/imports). */
export function ImportPackageDialog({ packageFile, onBehalfOf, onClose }: ImportPackageDialogProps) {
  const start = useStartImport();
  const [description, setDescription] = useState(packageFile?.name.replace(/\.zip$/i, '') ?? '');
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!packageFile) return;
    if (!description.trim()) {
      setProblem('Enter a description: it identifies the import job at every later stage');
      return;
    }
    start.mutate(
      { packageFile, description: description.trim(), onBehalfOf },
      {
        onSuccess: (job) => {
          notifications.show({
            title: 'Import Data',
            message: `Importing package "${job.description}" in the background.`,
            autoClose: 4000,
          });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={packageFile !== null} onClose={onClose} title="Import this package" size="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" data-testid="attached-package">
            Import Package: {packageFile?.name}
          </Text>
          <TextInput label="'On Behalf Of' User" value={onBehalfOf} readOnly />
          <TextInput
            label="Description"
            required
            value={description}
            maxLength={200}
            error={problem}
            onChange={(event) => {
              setDescription(event.currentTarget.value);
              setProblem(undefined);
            }}
          />
          {start.error && (
            <Alert color="red" role="alert" title="The import did not start">
              {start.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
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
