import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { roleLabel } from '../../ui/roles';
import { ALL_PERMISSIONS } from './permissions';
import { RoleDialog } from './RoleDialog';
import { UserDialog } from './UserDialog';

type UserAdmin = ApiOutput<'users.list'>[number];
type Role = ApiOutput<'roles.list'>[number];

/** Users (name, role, status, secrets, wrong sign-ins) and roles, each edited in a dialog. */
export function UsersScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const users = useApiQuery('users.list', {}, { staleTime: 0 });
  const roles = useApiQuery('roles.list', {}, { staleTime: 0 });
  const [editUser, setEditUser] = useState<UserAdmin | 'new' | null>(null);
  const [editRole, setEditRole] = useState<Role | 'new' | null>(null);
  const client = useQueryClient();
  const unlock = useApiMutation('users.unlock');
  const clearDelays = (userId: number) =>
    unlock.mutate({ userId }, { onSuccess: () => void client.invalidateQueries({ queryKey: ['users.list'] }) });
  const roleList = roles.data ?? [];
  // Built-in roles are translated; a shop's own show the name it gave them.
  const roleName = (id: string) => {
    const r = roleList.find((x) => x.id === id);
    return r && !r.builtin ? r.name : roleLabel(t, id);
  };
  // Delays are judged as of the list's fetch, which is what the rows show.
  const now = users.dataUpdatedAt;

  return (
    <Stack maw={1100} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('admin.users.title')}</Title>
        <Button data-testid="user-add" disabled={!roles.data} onClick={() => setEditUser('new')}>
          {t('admin.users.add')}
        </Button>
      </Group>
      <ErrorAlert error={users.error ?? roles.error ?? unlock.error} testId="users-error" />
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped verticalSpacing="xs" data-testid="user-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.users.name')}</Table.Th>
              <Table.Th>{t('admin.users.role')}</Table.Th>
              <Table.Th>{t('admin.users.active')}</Table.Th>
              <Table.Th>{t('admin.users.pin')}</Table.Th>
              <Table.Th>{t('admin.users.password')}</Table.Th>
              <Table.Th>{t('admin.users.signIn')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.map((u) => {
              const held = u.throttledUntil !== null && Date.parse(u.throttledUntil) > now;
              return (
                <Table.Tr
                  key={u.id}
                  data-testid="user-row"
                  data-user-id={u.id}
                  data-name={u.name}
                  data-role={u.role}
                  data-active={String(u.active)}
                >
                  <Table.Td fw={500}>{u.name}</Table.Td>
                  <Table.Td>{roleName(u.role)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={u.active ? 'teal' : 'gray'}>
                      {u.active ? t('admin.users.active') : t('admin.users.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td c={u.hasPin ? undefined : 'dimmed'}>{u.hasPin ? t('admin.users.set') : t('admin.users.notSet')}</Table.Td>
                  <Table.Td c={u.hasPassword ? undefined : 'dimmed'}>
                    {u.hasPassword ? t('admin.users.set') : t('admin.users.notSet')}
                  </Table.Td>
                  <Table.Td data-testid="user-sign-in" data-failures={u.failedSignIns}>
                    {u.failedSignIns > 0 ? (
                      <Group gap="xs" wrap="nowrap">
                        <Badge color={held ? 'red' : 'yellow'} variant="light">
                          {t('admin.users.failures', { n: u.failedSignIns })}
                          {held ? ` · ${t('admin.users.heldUntil', { until: f.date(u.throttledUntil) })}` : ''}
                        </Badge>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          data-testid="user-unlock"
                          title={t('admin.users.unlockHint')}
                          loading={unlock.isPending && unlock.variables?.userId === u.id}
                          onClick={() => clearDelays(u.id)}
                        >
                          {t('admin.users.unlock')}
                        </Button>
                      </Group>
                    ) : (
                      t('admin.none')
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button variant="light" data-testid="user-edit" disabled={!roles.data} onClick={() => setEditUser(u)}>
                      {t('admin.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {users.data && !users.data.length && (
          <Text c="dimmed" p="md">
            {t('admin.users.empty')}
          </Text>
        )}
      </Paper>

      <Group justify="space-between" mt="md">
        <Title order={3}>{t('admin.roles.title')}</Title>
        <Button data-testid="role-add" variant="default" disabled={!roles.data} onClick={() => setEditRole('new')}>
          {t('admin.roles.add')}
        </Button>
      </Group>
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped verticalSpacing="xs" data-testid="role-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.roles.name')}</Table.Th>
              <Table.Th>{t('admin.roles.id')}</Table.Th>
              <Table.Th />
              <Table.Th>{t('admin.roles.permissions')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roleList.map((r) => (
              <Table.Tr key={r.id} data-testid="role-row" data-role-id={r.id} data-builtin={String(r.builtin)}>
                <Table.Td fw={500}>{roleName(r.id)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {r.id}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.builtin ? 'gray' : 'teal'}>
                    {r.builtin ? t('admin.roles.builtin') : t('admin.roles.custom')}
                  </Badge>
                </Table.Td>
                <Table.Td>{t('admin.roles.count', { n: r.permissions.length, total: ALL_PERMISSIONS.length })}</Table.Td>
                <Table.Td ta="right">
                  <Button variant="light" data-testid="role-edit" onClick={() => setEditRole(r)}>
                    {r.builtin ? t('admin.view') : t('admin.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>

      {editUser && (
        <UserDialog
          user={editUser === 'new' ? null : editUser}
          roles={roleList}
          roleName={roleName}
          now={now}
          onClose={() => setEditUser(null)}
        />
      )}
      {editRole && <RoleDialog role={editRole === 'new' ? null : editRole} roles={roleList} onClose={() => setEditRole(null)} />}
    </Stack>
  );
}
