import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { userUpsertInput } from '../../../../core/contract/schemas';
import { useApiMutation } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { PasswordField, SelectField, SwitchField, TextField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { useFormat } from '../../ui/format';
import { inlineTouch } from './touch';

type UserAdmin = ApiOutput<'users.list'>[number];
type Role = ApiOutput<'roles.list'>[number];

const rule = userUpsertInput.shape;
/** An empty secret field keeps the current secret; anything typed must pass the contract's own rule. */
const keepOr = <T extends z.ZodType<string>>(s: T) => z.union([z.literal(''), s]);

/** The dialog's fields, each checked by users.upsert's schema; a new user needs a PIN or a password. */
function userForm(isNew: boolean) {
  return z
    .object({
      name: rule.name,
      roleId: rule.roleId,
      active: z.boolean(),
      pin: keepOr(rule.pin.unwrap()),
      password: keepOr(rule.password.unwrap()),
    })
    .refine((v) => !isNew || v.pin !== '' || v.password !== '', { path: ['pin'] });
}

/** Create or edit a user. Secrets are write-only: empty keeps the current one; a new PIN also lifts the sign-in delays. */
export function UserDialog({
  user,
  roles,
  roleName,
  now,
  onClose,
}: {
  user: UserAdmin | null;
  roles: Role[];
  roleName(id: string): string;
  now: number;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const { user: me } = useSession();
  const save = useApiMutation('users.upsert');
  const schema = useMemo(() => userForm(!user), [user]);
  const form = useZodForm(schema, {
    defaultValues: {
      name: user?.name ?? '',
      roleId: user?.role ?? roles.find((r) => r.id === 'cashier')?.id ?? roles[0]?.id ?? '',
      pin: '',
      password: '',
      active: user?.active ?? true,
    },
  });
  // Nobody demotes or disables themselves here: that is how a shop loses its last owner.
  const self = !!user && user.id === me?.id;
  const heldUntil = user?.throttledUntil && Date.parse(user.throttledUntil) > now ? user.throttledUntil : null;

  const submit = form.handleSubmit((v) => {
    if (save.isPending) return;
    save.mutate(
      {
        ...(user ? { id: user.id } : {}),
        name: v.name,
        roleId: v.roleId,
        active: v.active,
        ...(v.pin ? { pin: v.pin } : {}),
        ...(v.password ? { password: v.password } : {}),
      },
      {
        onSuccess: () => {
          void client.invalidateQueries({ queryKey: ['users.list'] });
          void client.invalidateQueries({ queryKey: ['auth.users'] });
          onClose();
        },
      },
    );
  });

  return (
    <Modal
      opened
      onClose={save.isPending ? () => {} : onClose}
      title={user ? t('admin.users.editTitle', { name: user.name }) : t('admin.users.newTitle')}
      centered
      size="lg"
    >
      <form onSubmit={(e) => void submit(e)} data-testid="user-dialog" noValidate>
        <Stack>
          {self && (
            <Alert color="yellow" variant="light">
              {t('admin.users.selfWarning')}
            </Alert>
          )}
          {heldUntil && (
            <Alert color="red" variant="light" data-testid="user-locked">
              {t('admin.users.locked', { until: f.date(heldUntil) })}
            </Alert>
          )}
          <TextField
            control={form.control}
            name="name"
            label={t('admin.users.name')}
            data-testid="user-name"
            data-autofocus
            autoComplete="off"
            maxLength={60}
            required
          />
          <SelectField
            control={form.control}
            name="roleId"
            size="lg"
            label={t('admin.users.role')}
            data-testid="user-role"
            disabled={self}
            data={roles.map((r) => ({ value: r.id, label: roleName(r.id) }))}
          />
          <TextField
            control={form.control}
            name="pin"
            messages={{ invalid_format: 'admin.users.pinInvalid', custom: 'admin.users.needSecret' }}
            clean={(v) => v.replace(/\D/g, '').slice(0, 8)}
            label={t('admin.users.pinLabel')}
            description={user?.hasPin ? t('admin.users.pinKeep') : undefined}
            data-testid="user-pin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
          />
          <PasswordField
            control={form.control}
            name="password"
            messages={{ too_small: 'admin.users.passwordInvalid' }}
            label={t('admin.users.passwordLabel')}
            description={user?.hasPassword ? t('admin.users.passwordKeep') : undefined}
            data-testid="user-password"
            autoComplete="new-password"
            maxLength={200}
          />
          <SwitchField
            control={form.control}
            name="active"
            size="lg"
            label={t('admin.users.activeLabel')}
            data-testid="user-active"
            disabled={self}
            styles={inlineTouch}
          />
          <ErrorAlert error={save.error} testId="user-save-error" />
          <Group grow>
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" data-testid="user-save" loading={save.isPending}>
              {t('admin.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
