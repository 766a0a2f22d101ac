import { Button, Paper, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface MoreColumn<R> {
  label: string;
  right?: boolean;
  cell(row: R): ReactNode;
}

interface Props<R extends { id: number }> {
  columns: MoreColumn<R>[];
  list: { rows: R[]; isSuccess: boolean; hasNextPage: boolean; fetchNextPage(): unknown };
  rowTestId: string;
  empty: string;
}

/**
 * A short list of movements read a page at a time (useApiMore): a product's history and where stock went negative
 * are both such lists, one table with a "more" button under it.
 */
export function MoreTable<R extends { id: number }>({ columns, list, rowTestId, empty }: Props<R>) {
  const { t } = useTranslation();
  return (
    <>
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.label} ta={c.right ? 'right' : undefined}>
                  {c.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((r) => (
              <Table.Tr key={r.id} data-testid={rowTestId}>
                {columns.map((c) => (
                  <Table.Td key={c.label} ta={c.right ? 'right' : undefined}>
                    {c.cell(r)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.isSuccess && !list.rows.length && (
          <Text c="dimmed" p="md">
            {empty}
          </Text>
        )}
      </Paper>
      {list.hasNextPage && (
        <Button variant="light" onClick={() => void list.fetchNextPage()}>
          {t('stockdocs.more')}
        </Button>
      )}
    </>
  );
}
