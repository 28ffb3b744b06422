import { Alert, ScrollArea, Table, Text } from '@mantine/core';
import { scrollRegion } from '../layout/scroll-region';
import type { CheckReport } from './use-mapping';

/** What an import of the package would refuse: every problem at once, with where it is. */
export function CheckReportView({ report }: { report: CheckReport }) {
  const checked = `${report.rowsChecked} rows checked`;
  if (report.ok) {
    return (
      <Alert color="green" title="Check: no problem found" role="status">
        {checked}
        {report.orphansChecked ? '' : ' (rows without their contact were not looked for)'}. The package is
        ready to build.
      </Alert>
    );
  }
  return (
    <Alert color="red" title={`Check: ${report.problems.length} problems found`} role="alert">
      <Text size="sm" mb="xs">
        {checked}, {report.rowsRejected} would be rejected. Fix the mapping, then Check again.
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
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.problems.map((problem, index) => (
              // Problems have no id; their order is the report's and does not change.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <Table.Tr key={index}>
                <Table.Td>{problem.file ?? '—'}</Table.Td>
                <Table.Td>{problem.line ?? ''}</Table.Td>
                <Table.Td>{problem.column ?? ''}</Table.Td>
                <Table.Td>{problem.value ?? ''}</Table.Td>
                <Table.Td>{problem.code}</Table.Td>
                <Table.Td>{problem.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Alert>
  );
}
