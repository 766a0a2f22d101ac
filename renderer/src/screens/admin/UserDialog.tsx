import { Alert, Button, Group, Modal, NativeSelect, PasswordInput, Stack, Switch, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { userUpsertInput } from '../../../../core/contract/schemas';
import { useApiMutation } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { inlineTouch } from './touch';

type UserAdmin = ApiOutput<'users.list'>[number];
type Role = ApiOutput<'roles.list'>[number];

/** The contract's own PIN rule: the dialog refuses exactly what users.upsert would. */
const pinRule = userUpsertInput.shape.pin.unwrap();

/** Create or edit a user. Secrets are write-only: empty keeps the current one; a new PIN also lifts a lockout. */
export function UserDialog({ user, roles, roleName, now, onClose }: { user: UserAdmin | null; roles: Role[]; roleName(id: string): string; now: number; onClose(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const { user: me } = useSession();
  const save = useApiMutation('users.upsert');
  const [name, setName] = useState(user?.name ?? '');
  const [roleId, setRoleId] = useState(user?.role ?? roles.find((r) => r.id === 'cashier')?.id ?? roles[0]?.id ?? '');
  const [pin, setPin] = useState('');
  const [password, setPassword] = useState('');
  const [active, setActive] = useState(user?.active ?? true);
  const [tried, setTried] = useState(false);
  // Nobody demotes or disables themselves here: that is how a shop loses its last owner.
  const self = !!user && user.id === me?.id;

  const nameError = !name.trim() ? t('admin.users.required') : null;
  const pinError = pin && !pinRule.safeParse(pin).success ? t('admin.users.pinInvalid') : null;
  const passwordError = password && password.length < 8 ? t('admin.users.passwordInvalid') : null;
  const secretError = !user && !pin && !password ? t('admin.users.needSecret') : null;
  const valid = !nameError && !pinError && !passwordError && !secretError && !!roleId;
  const lockedUntil = user?.lockedUntil && Date.parse(user.lockedUntil) > now ? user.lockedUntil : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!valid || save.isPending) return;
    save.mutate(
      { ...(user ? { id: user.id } : {}), name: name.trim(), roleId, active, ...(pin ? { pin } : {}), ...(password ? { password } : {}) },
      {
        onSuccess: () => {
          void client.invalidateQueries({ queryKey: ['users.list'] });
          void client.invalidateQueries({ queryKey: ['auth.users'] });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={save.isPending ? () => {} : onClose} title={user ? t('admin.users.editTitle', { name: user.name }) : t('admin.users.newTitle')} centered size="lg">
      <form onSubmit={submit} data-testid="user-dialog" noValidate>
        <Stack>
          {self && (
            <Alert color="yellow" variant="light">
              {t('admin.users.selfWarning')}
            </Alert>
          )}
          {lockedUntil && (
            <Alert color="red" variant="light" data-testid="user-locked">
              {t('admin.users.locked', { until: f.date(lockedUntil) })}
            </Alert>
          )}
          <TextInput label={t('admin.users.name')} data-testid="user-name" data-autofocus autoComplete="off" value={name} onChange={(e) => setName(e.currentTarget.value)} error={tried ? nameError : null} maxLength={60} required />
          <NativeSelect size="lg" label={t('admin.users.role')} data-testid="user-role" disabled={self} value={roleId} onChange={(e) => setRoleId(e.currentTarget.value)} data={roles.map((r) => ({ value: r.id, label: roleName(r.id) }))} />
          <TextInput
            label={t('admin.users.pinLabel')}
            description={user?.hasPin ? t('admin.users.pinKeep') : undefined}
            data-testid="user-pin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, '').slice(0, 8))}
            error={pinError ?? (tried ? secretError : null)}
          />
          <PasswordInput
            label={t('admin.users.passwordLabel')}
            description={user?.hasPassword ? t('admin.users.passwordKeep') : undefined}
            data-testid="user-password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={passwordError}
            maxLength={200}
          />
          <Switch size="lg" label={t('admin.users.activeLabel')} data-testid="user-active" disabled={self} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} styles={inlineTouch} />
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
