import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { CollectionTable } from '../contacts/CollectionTable';
import { MatchSection } from './MatchSection';
import { outcomeLabels } from './outcomes';
import { type StagedDetails, useDeleteStaged, useEditStaged, useStagedContact } from './use-workspace';

interface Props {
  jobId: number;
  stagedId: number | null;
  editable: boolean;
  matchResults: boolean;
  onDeleted(): void;
}

/** The selected staged contact: its profile (editable), its collections, its match, Delete. */
export function StagedContactPanel({ jobId, stagedId, editable, matchResults, onDeleted }: Props) {
  const staged = useStagedContact(jobId, stagedId);
  return (
    <Paper withBorder p="sm" component="section" aria-label="Staged contact" mih={200}>
      {stagedId === null && (
        <Text c="dimmed">Select a staged contact to see it, edit it or choose its match.</Text>
      )}
      {staged.error && (
        <Alert color="red" role="alert">
          {staged.error.message}
        </Alert>
      )}
      {staged.data && (
        <StagedProfile
          key={staged.data.id}
          jobId={jobId}
          contact={staged.data}
          editable={editable && staged.data.processedAt === null}
          matchResults={matchResults}
          onDeleted={onDeleted}
        />
      )}
    </Paper>
  );
}

export const collectionTabs = [
  { key: 'addresses', label: 'Addresses' },
  { key: 'communications', label: 'Communications' },
  { key: 'notes', label: 'Notes' },
  { key: 'categories', label: 'Categories' },
  { key: 'fieldValues', label: 'Custom fields' },
] as const;

interface ProfileProps {
  jobId: number;
  contact: StagedDetails;
  editable: boolean;
  matchResults: boolean;
  onDeleted(): void;
}

function StagedProfile({ jobId, contact, editable, matchResults, onDeleted }: ProfileProps) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useDeleteStaged(jobId);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {contact.name}
        </Title>
        <Button
          size="compact-sm"
          color="red"
          variant="light"
          disabled={!editable}
          onClick={() => setConfirmDelete(true)}
        >
          Delete
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {contact.kind === 'company' ? 'Company' : 'Person'} · key {contact.legacyKey} · {contact.source.file}{' '}
        line {contact.source.line}
        {contact.editedAt ? ' · edited' : ''}
        {contact.processedAt ? ` · ${outcomeLabels[contact.outcome].toLowerCase()}` : ''}
      </Text>
      <Tabs defaultValue={matchResults ? 'match' : 'profile'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          {collectionTabs.map(({ key, label }) => (
            <Tabs.Tab key={key} value={key}>
              {label} ({contact.collections[key].length})
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="match">Match</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile" pt="sm">
          <ProfileForm jobId={jobId} contact={contact} editable={editable} />
        </Tabs.Panel>
        {collectionTabs.map(({ key, label }) => (
          <Tabs.Panel key={key} value={key} pt="sm">
            <CollectionTable label={label} rows={contact.collections[key]} />
          </Tabs.Panel>
        ))}
        <Tabs.Panel value="match" pt="sm">
          <MatchSection jobId={jobId} contact={contact} editable={editable} />
        </Tabs.Panel>
      </Tabs>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete staged contact">
        <Stack>
          <Text>
            Delete "{contact.name}" and its staged addresses, communications and notes from this import? This
            cannot be undone.
          </Text>
          {remove.error && (
            <Alert color="red" role="alert">
              {remove.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(contact.id, {
                  onSuccess: () => {
                    setConfirmDelete(false);
                    onDeleted();
                  },
                })
              }
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** The definition's statuses, none, and a staged value outside them (so it shows as it is). */
function statusOptions(choices: string[], current: string) {
  const known = current === '' || choices.includes(current) ? [] : [current];
  return [
    { value: '', label: '—' },
    ...[...choices, ...known].map((status) => ({ value: status, label: status })),
  ];
}

const profileFields: Array<[string, string]> = [
  ['title', 'Title'],
  ['firstName', 'First name'],
  ['middleName', 'Middle name'],
  ['lastName', 'Last name'],
  ['preferredName', 'Preferred name'],
  ['suffix', 'Suffix'],
  ['birthDate', 'Birth date (YYYY-MM-DD)'],
  ['companyName', 'Company'],
  ['position', 'Position'],
  ['status', 'Status'],
];

function ProfileForm({
  jobId,
  contact,
  editable,
}: {
  jobId: number;
  contact: StagedDetails;
  editable: boolean;
}) {
  const edit = useEditStaged(jobId, contact.id);
  const [values, setValues] = useState<Record<string, string>>({});
  useEffect(() => {
    setValues(Object.fromEntries(profileFields.map(([field]) => [field, contact.fields[field] ?? ''])));
  }, [contact]);
  const changed = Object.fromEntries(
    Object.entries(values).filter(([field, value]) => value !== (contact.fields[field] ?? '')),
  );
  return (
    <form
      aria-label="Profile"
      onSubmit={(event) => {
        event.preventDefault();
        edit.mutate(changed);
      }}
    >
      <Stack gap="xs">
        <SimpleGrid cols={2} spacing="xs">
          {profileFields.map(([field, label]) => {
            const onChange = (event: { currentTarget: { value: string } }) => {
              const value = event.currentTarget.value;
              setValues((current) => ({ ...current, [field]: value }));
            };
            // The status is one of the definition's statuses, as the package's values must be.
            return field === 'status' ? (
              <NativeSelect
                key={field}
                size="xs"
                label={label}
                disabled={!editable}
                value={values[field] ?? ''}
                data={statusOptions(contact.statusChoices, contact.fields.status ?? '')}
                onChange={onChange}
              />
            ) : (
              <TextInput
                key={field}
                size="xs"
                label={label}
                readOnly={!editable}
                value={values[field] ?? ''}
                onChange={onChange}
              />
            );
          })}
        </SimpleGrid>
        {edit.error && (
          <Alert color="red" role="alert">
            {edit.error.message}
          </Alert>
        )}
        {editable && (
          <Group justify="flex-end">
            <Button
              type="submit"
              size="xs"
              disabled={Object.keys(changed).length === 0}
              loading={edit.isPending}
            >
              Save profile
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
