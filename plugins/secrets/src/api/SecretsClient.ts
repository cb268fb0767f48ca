import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  EntitySecretsResponse,
  FleetQuery,
  FleetResponse,
  HealthResponse,
  RevalidateRequest,
  RevalidateResponse,
} from '@internal/plugin-secrets-common';
import type { SecretsApi } from './SecretsApi';

/** Talks to `/api/secrets` through the app's fetchApi, so requests carry the user's identity. @public */
export class SecretsClient implements SecretsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getHealth(): Promise<HealthResponse> {
    return this.#request('/health');
  }

  getEntitySecrets(entityRef: string): Promise<EntitySecretsResponse> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = [namespace, kind, name].map(encodeURIComponent).join('/');
    return this.#request(`/entities/${path}/secrets`);
  }

  getFleet(query: Partial<FleetQuery> = {}): Promise<FleetResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    return this.#request(`/fleet${qs ? `?${qs}` : ''}`);
  }

  revalidateStores(request: RevalidateRequest): Promise<RevalidateResponse> {
    return this.#request('/stores/revalidate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async #request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('secrets');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
