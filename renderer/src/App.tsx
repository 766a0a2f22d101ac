import { useApiQuery } from './api/hooks';
import { Shell } from './layout/Shell';
import { LockGate } from './screens/admin/LockScreen';
import { LoginScreen } from './screens/LoginScreen';
import { RecoveryScreen } from './screens/RecoveryScreen';
import { SetupScreen } from './screens/SetupScreen';
import { SessionProvider, useSession } from './session/session';
import { FatalError, Loading } from './ui/Loading';

export function App() {
  const info = useApiQuery('system.info', {}, { staleTime: Infinity });
  if (info.isPending) return <Loading />;
  if (info.isError) return <FatalError error={info.error} retry={() => void info.refetch()} />;
  if (info.data.recovery) return <RecoveryScreen recovery={info.data.recovery} />;
  if (info.data.needsSetup) return <SetupScreen />;
  return (
    <SessionProvider info={info.data}>
      <Signed />
    </SessionProvider>
  );
}

function Signed() {
  const s = useSession();
  if (s.restoring) return <Loading />;
  if (s.restoreError) return <FatalError error={s.restoreError} retry={s.retryRestore} />;
  return s.user ? (
    <Shell user={s.user} />
  ) : (
    <LockGate>
      <LoginScreen />
    </LockGate>
  );
}
