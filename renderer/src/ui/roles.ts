import type { TFunction } from 'i18next';

const BUILTIN = ['owner', 'manager', 'cashier', 'bookkeeper'] as const;
type Builtin = (typeof BUILTIN)[number];

/** Built-in roles are translated; a shop's own roles show the name it gave them. */
export function roleLabel(t: TFunction, role: string): string {
  return (BUILTIN as readonly string[]).includes(role) ? t(`roles.${role as Builtin}`) : role;
}
