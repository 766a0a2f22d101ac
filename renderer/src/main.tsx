import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './i18n';
import { useTranslation } from 'react-i18next';
import { useMemo, type ReactNode } from 'react';
import { cssVariables, themeFor } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    // A till on a LAN: failures are shown at once with a retry button rather than retried silently.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
    mutations: { retry: false },
  },
});

/** The theme follows the language: it carries the close buttons' label. */
function Themed({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const theme = useMemo(() => themeFor(t('app.close')), [t, i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps -- t changes with the language
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      {children}
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Themed>
      <Notifications position="top-center" />
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </Themed>
  </StrictMode>,
);
