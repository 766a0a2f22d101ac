import { Alert, Button, Checkbox, Fieldset, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roleId } from '../../../../core/contract/schemas';
import { useApiMutation } from '../../api/hooks';
import type { ApiOutput, Permission } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { roleLabel } from '../../ui/roles';
import { PERMISSION_GROUPS, permissionLabel } from './permissions';
import { inlineTouch } from './touch';

type Role = ApiOutput<'roles.list'>[number];

/** A custom role's permission set; built-in roles open read-only (the core refuses to change them). */
export function RoleDialog({ role, roles, onClose }: { role: Role | null; roles: Role[]; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const save = useApiMutation('roles.upsert');
  const readOnly = !!role?.builtin;
  const [id, setId] = useState(role?.id ?? '');
  const [name, setName] = useState(role ? (role.builtin ? roleLabel(t, role.id) : role.name) : '');
  const [perms, setPerms] = useState<Set<Permission>>(() => new Set(role?.permissions ?? []));
  const [tried, setTried] = useState(false);

  const idError = role
    ? null
    : !roleId.safeParse(id).success
      ? t('admin.roles.idInvalid')
      : roles.some((r) => r.id === id)
        ? t('admin.roles.idTaken')
        : null;
  const nameError = !name.trim() ? t('admin.users.required') : null;

  const toggle = (p: Permission, on: boolean) =>
    setPerms((old) => {
      const next = new Set(old);
      if (on) next.add(p);
      else next.delete(p);
      return next;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (readOnly || idError || nameError || save.isPending) return;
    save.mutate(
      { id, name: name.trim(), permissions: PERMISSION_GROUPS.flatMap((g) => g.permissions).filter((p) => perms.has(p)) },
      {
        onSuccess: () => {
          void client.invalidateQueries({ queryKey: ['roles.list'] });
          void client.invalidateQueries({ queryKey: ['users.list'] });
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={save.isPending ? () => {} : onClose}
      title={role ? t('admin.roles.editTitle', { name }) : t('admin.roles.newTitle')}
      centered
      size="xl"
    >
      <form onSubmit={submit} data-testid="role-dialog" data-readonly={String(readOnly)} noValidate>
        <Stack>
          {readOnly && (
            <Alert color="gray" variant="light">
              {t('admin.roles.builtinReadOnly')}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              label={t('admin.roles.id')}
              description={role ? undefined : t('admin.roles.idHint')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              data-testid="role-id"
              data-autofocus={role ? undefined : true}
              autoComplete="off"
              readOnly={!!role}
              value={id}
              onChange={(e) => setId(e.currentTarget.value.trim().toLowerCase())}
              error={tried || id ? idError : null}
              maxLength={40}
              styles={{ input: { fontFamily: 'monospace' } }}
            />
            <TextInput
              label={t('admin.roles.name')}
              data-testid="role-name"
              data-autofocus={role && !readOnly ? true : undefined}
              autoComplete="off"
              readOnly={readOnly}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={tried ? nameError : null}
              maxLength={60}
            />
          </Group>
          {PERMISSION_GROUPS.map(({ group, permissions }) => (
            <Fieldset key={group} legend={t(`admin.permGroup.${group}`)} disabled={readOnly}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing={0}>
                {permissions.map((p) => (
                  <Checkbox
                    key={p}
                    size="md"
                    data-testid={`role-perm-${p}`}
                    label={permissionLabel(t, p)}
                    checked={perms.has(p)}
                    onChange={(e) => toggle(p, e.currentTarget.checked)}
                    styles={inlineTouch}
                  />
                ))}
              </SimpleGrid>
            </Fieldset>
          ))}
          {!readOnly && role && (
            <Text size="sm" c="dimmed">
              {t('admin.roles.reloginHint')}
            </Text>
          )}
          <ErrorAlert error={save.error} testId="role-save-error" />
          <Group grow>
            <Button variant="default" onClick={onClose} disabled={save.isPending} data-autofocus={readOnly || undefined}>
              {readOnly ? t('app.ok') : t('app.cancel')}
            </Button>
            {!readOnly && (
              <Button type="submit" data-testid="role-save" loading={save.isPending}>
                {t('admin.save')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
