import { Alert, Badge, Button, Code, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { CompareDetails } from './CompareDetails';
import {
  type StagedDetails,
  type Suggestion,
  useContactSearch,
  useSetMatch,
  useSuggestions,
} from './use-workspace';

interface Props {
  jobId: number;
  contact: StagedDetails;
  editable: boolean;
}

/** The staged contact's match: suggestions with their explanation, Set as Match, Select Another Match, Compare Details. */
export function MatchSection({ jobId, contact, editable }: Props) {
  const suggestions = useSuggestions(jobId, contact.id);
  const setMatch = useSetMatch(jobId, contact.id);
  const [comparing, setComparing] = useState(false);
  const [searching, setSearching] = useState(false);
  const [explained, setExplained] = useState<Suggestion | null>(null);
  const match = contact.match;
  const selectedName = suggestions.data?.find((suggestion) => suggestion.selected)?.name;
  return (
    <Stack gap="xs">
      <Text size="sm" role="status" aria-label="Selected match">
        {match
          ? `Match: ${selectedName ? `${selectedName}, ` : ''}` +
            `${match.contactId ? `contact ${match.contactId}` : `staged contact ${match.stagedContactId}`}` +
            (match.band ? ` · ${match.band} (${match.score ?? ''})` : ' · chosen by hand')
          : 'No match selected.'}
        {contact.action ? ` · action: ${contact.action}` : ''}
      </Text>
      <Group gap="xs">
        <Button size="xs" variant="default" disabled={!match} onClick={() => setComparing(true)}>
          Compare Details
        </Button>
        <Button size="xs" variant="default" disabled={!editable} onClick={() => setSearching(true)}>
          Select Another Match
        </Button>
        <Button
          size="xs"
          variant="subtle"
          disabled={!editable || !match}
          onClick={() => setMatch.mutate({ none: true })}
        >
          No match
        </Button>
      </Group>
      {setMatch.error && (
        <Alert color="red" role="alert">
          {setMatch.error.message}
        </Alert>
      )}
      {suggestions.data && suggestions.data.length > 0 ? (
        <Table aria-label="Match suggestions" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Suggestion</Table.Th>
              <Table.Th>Match quality</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {suggestions.data.map((suggestion) => (
              <Table.Tr key={suggestion.id}>
                <Table.Td>
                  {suggestion.name}
                  {suggestion.stagedContactId ? ' (in this package)' : ''}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{suggestion.band}</Badge> {suggestion.score}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" onClick={() => setExplained(suggestion)}>
                      Why?
                    </Button>
                    {suggestion.selected ? (
                      <Badge color="green">Selected</Badge>
                    ) : (
                      <Button
                        size="compact-xs"
                        disabled={!editable}
                        aria-label={`Set ${suggestion.name} as Match`}
                        onClick={() => setMatch.mutate({ suggestionId: suggestion.id })}
                      >
                        Set as Match
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          No match suggestions{suggestions.data ? '' : ' yet'}. Match suggests them; Select Another Match
          picks any contact the on-behalf-of user may see.
        </Text>
      )}
      <Modal
        opened={explained !== null}
        onClose={() => setExplained(null)}
        title="Match explanation"
        size="lg"
      >
        {explained && <Explanation suggestion={explained} />}
      </Modal>
      <Modal opened={searching} onClose={() => setSearching(false)} title="Select Another Match" size="lg">
        <ContactPicker
          onPick={(contactId) => setMatch.mutate({ contactId }, { onSuccess: () => setSearching(false) })}
          error={setMatch.error?.message}
        />
      </Modal>
      <Modal opened={comparing} onClose={() => setComparing(false)} title="Compare Details" size="95%">
        <CompareDetails jobId={jobId} stagedId={contact.id} />
      </Modal>
    </Stack>
  );
}

function ContactPicker({ onPick, error }: { onPick(contactId: number): void; error: string | undefined }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useContactSearch(q);
  return (
    <Stack gap="xs">
      <TextInput
        label="Search contacts"
        description="Name, email or phone of a contact the on-behalf-of user may see"
        value={search}
        data-autofocus
        onChange={(event) => setSearch(event.currentTarget.value)}
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Table aria-label="Contacts found">
        <Table.Tbody>
          {found.data?.items.map((contact) => (
            <Table.Tr key={contact.id}>
              <Table.Td>{contact.displayName}</Table.Td>
              <Table.Td>{contact.email}</Table.Td>
              <Table.Td>{contact.ownerUserName}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  aria-label={`Select ${contact.displayName}`}
                  onClick={() => onPick(contact.id)}
                >
                  Select
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {found.data?.total === 0 && (
        <Text size="sm" c="dimmed">
          No contact found.
        </Text>
      )}
    </Stack>
  );
}

type Row = Record<string, unknown>;

/** The matching engine's names for what it compared, as a reviewer reads them. */
const explanationHeadings: Record<string, string> = {
  field: 'Field',
  outcome: 'Agreed?',
  level: 'How closely',
  weight: 'Contribution to the score',
};

/** Which fields agreed and which disagreed, and what each contributed to the match quality. */
function Explanation({ suggestion }: { suggestion: Suggestion }) {
  const rows = explanationRows(suggestion.explanation);
  const identifiedBy = identifiedByOf(suggestion.explanation);
  return (
    <Stack gap="xs">
      <Text size="sm">
        {suggestion.name}: {suggestion.band} ({suggestion.score})
      </Text>
      {identifiedBy && (
        <Text size="sm" fw={500}>
          Identified by {identifiedByLabels[identifiedBy] ?? identifiedBy}
        </Text>
      )}
      {rows.length > 0 ? (
        <Table aria-label="Fields compared" striped>
          <Table.Thead>
            <Table.Tr>
              {Object.keys(rows[0] ?? {}).map((key) => (
                <Table.Th key={key}>{explanationHeadings[key] ?? key}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the explanation's order is its own
              <Table.Tr key={index}>
                {Object.keys(rows[0] ?? {}).map((key) => (
                  <Table.Td key={key}>{format(row[key])}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Code block>{JSON.stringify(suggestion.explanation, null, 2)}</Code>
      )}
    </Stack>
  );
}

/** How "Identified by …" names the duplicate key that made the match High. */
const identifiedByLabels: Record<string, string> = {
  legacyKey: 'legacy key',
  email: 'email',
  phone: 'phone',
  nameAndBirthDate: 'name and birth date',
};

/** The duplicate key chosen for Match that the two share (explanation.identifiedBy), if any. */
function identifiedByOf(explanation: unknown): string | undefined {
  if (typeof explanation !== 'object' || explanation === null) return undefined;
  const key = (explanation as { identifiedBy?: unknown }).identifiedBy;
  return typeof key === 'string' ? key : undefined;
}

/** The explanation's list of compared fields: the explanation itself, or its first list of objects. */
function explanationRows(explanation: unknown): Row[] {
  const isRows = (value: unknown): value is Row[] =>
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'object' && item !== null);
  if (isRows(explanation)) return explanation;
  if (typeof explanation === 'object' && explanation !== null) {
    const list = Object.values(explanation).find(isRows);
    if (list) return list;
  }
  return [];
}

function format(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(Math.round(value * 1000) / 1000);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
