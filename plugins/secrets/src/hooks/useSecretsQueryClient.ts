import { useApi } from '@backstage/core-plugin-api';
import { QueryClient } from '@tanstack/react-query';
import { secretsApiRef, type SecretsApi } from '../api';
import { isClientError } from '../lib/errors';

/**
 * One TanStack Query client per SecretsApi instance. The entity card and the Secrets tab are
 * separate extensions, each with its own provider; sharing the client lets them share one cache
 * entry, so an entity page showing both, or a click from the card to the tab, fetches once.
 * Keyed by the API so that an app (one API instance) has one cache, and each test's mock API a
 * fresh one.
 */
const clients = new WeakMap<SecretsApi, QueryClient>();

export function useSecretsQueryClient(): QueryClient {
  const api = useApi(secretsApiRef);
  let client = clients.get(api);
  if (!client) {
    client = new QueryClient({
      defaultOptions: {
        queries: {
          staleTime: 10_000,
          // Polling a refusal would only repeat it; a 5xx keeps polling, it may recover.
          refetchInterval: query =>
            isClientError(query.state.error) ? false : 15_000,
          // A 4xx (refused, not found, bad request) answers the same again: one request only.
          retry: (failureCount, error) =>
            failureCount < 1 && !isClientError(error),
        },
      },
    });
    clients.set(api, client);
  }
  return client;
}
