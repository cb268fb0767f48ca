import { ReactNode, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';

/** Props of {@link SecretsQueryProvider}. */
export interface SecretsQueryProviderProps {
  children: ReactNode;
  /** For tests: a client with retries off. */
  client?: QueryClient;
}

/**
 * The plugin's own TanStack Query client: Backstage apps do not provide one, and sharing a client
 * with other plugins would mix their caches.
 */
export function SecretsQueryProvider(props: SecretsQueryProviderProps) {
  const [client] = useState(
    () =>
      props.client ??
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 10_000, refetchInterval: 15_000, retry: 1 },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>{props.children}</QueryClientProvider>
  );
}
