import { AuditScreen } from './AuditScreen';
import { BackupsScreen } from './BackupsScreen';
import { SettingsScreen } from './SettingsScreen';
import { UsersScreen } from './UsersScreen';

/** The back-office screen in front, if the current one is one of them (the Shell renders the counter's own). */
export function AdminScreen({ screen }: { screen: string | null }) {
  switch (screen) {
    case 'users':
      return <UsersScreen />;
    case 'backups':
      return <BackupsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'audit':
      return <AuditScreen />;
    default:
      return null;
  }
}
