import { Alert, ScrollArea, Table, Text } from '@mantine/core';
import { scrollRegion } from '../layout/scroll-region';
import type { CheckReport } from './use-mapping';

/** What an import of the package would refuse: every problem at once, with where it is. */
export function CheckReportView({ report }: { report: CheckReport }) {
  const checked = `${report.rowsChecked} rows checked`;
  const listed = [
    ...report.problems.map((problem) => ({ ...problem, severity: 'Refused' })),
    ...report.warnings.map((problem) => ({ ...problem, severity: 'Value left out' })),
  ];
  if (listed.length === 0) {
    return (
      <Alert color="green" title="Check: no problem found" role="status">
        {checked}
        {report.orphansChecked ? '' : ' (rows without their contact were not looked for)'}. The package is
        ready to build.
      </Alert>
    );
  }
  const leftOut =
    report.warnings.length > 0
      ? ` ${report.warnings.length} ${report.warnings.length === 1 ? 'value' : 'values'} would be left out of rows that are staged, each with a warning.`
      : '';
  return (
    <Alert color={report.ok ? 'yellow' : 'red'} title={`Check: ${listed.length} problems found`} role="alert">
      <Text size="sm" mb="xs">
        {checked}, {report.rowsRejected} would be rejected.{leftOut}{' '}
        {report.ok
          ? 'The package can be built; fix the mapping to keep those values.'
          : 'Fix the mapping, then Check again.'}
      </Text>
      <ScrollArea.Autosize mah={260} type="auto" viewportProps={scrollRegion('Problems, scrollable')}>
        <Table aria-label="Problems" verticalSpacing={2} fz="xs" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Line</Table.Th>
              <Table.Th>Column</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Code</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th>Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {listed.map((problem, index) => (
              // Problems have no id; their order is the report's and does not change.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <Table.Tr key={index}>
                <Table.Td>{problem.file ?? '—'}</Table.Td>
                <Table.Td>{problem.line ?? ''}</Table.Td>
                <Table.Td>{problem.column ?? ''}</Table.Td>
                <Table.Td>{problem.value ?? ''}</Table.Td>
                <Table.Td>{problem.code}</Table.Td>
                <Table.Td>{problem.message}</Table.Td>
                <Table.Td>{problem.severity}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Alert>
  );
}
