import { RouterProvider } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import type { Me } from '../api/types';
import { createAppRouter } from '../router/routes';
import { useSession } from '../session/session';
import { allowedScreens } from './screens';

/** The signed-in app: a router over the screens this user may open. */
export function Shell({ user }: { user: Me }) {
  const { can } = useSession();
  const key = allowedScreens(can).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed when the permissions change, which key stands for.
  const context = useMemo(() => ({ allowed: allowedScreens(can) }), [key]);
  const [router] = useState(() => createAppRouter(context));

  // Another user with other rights (the quick switch keeps this shell): their guards run again on the current URL.
  useEffect(() => {
    void router.invalidate();
  }, [router, context, user.id]);

  return <RouterProvider router={router} context={context} />;
}
