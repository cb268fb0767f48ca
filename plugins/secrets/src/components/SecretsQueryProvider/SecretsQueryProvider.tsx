import { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useSecretsQueryClient } from '../../hooks/useSecretsQueryClient';

/** Props of {@link SecretsQueryProvider}. */
export interface SecretsQueryProviderProps {
  children: ReactNode;
  /** Another client than the plugin's shared one, e.g. with retries off in tests. */
  client?: QueryClient;
}

/**
 * The plugin's own TanStack Query client: Backstage apps do not provide one, and sharing a client
 * with other plugins would mix their caches. Every extension of the plugin wraps itself in this
 * provider and gets the same client, so they share one cache.
 */
export function SecretsQueryProvider(props: SecretsQueryProviderProps) {
  const shared = useSecretsQueryClient();
  return (
    <QueryClientProvider client={props.client ?? shared}>
      {props.children}
    </QueryClientProvider>
  );
}
