import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  expandEntitySecrets,
  isCompactEntitySecrets,
  type CompactEntitySecretsResponse,
} from '@secrets-plugin/plugin-secrets-common';
import type {
  EntitySecretsResponse,
  EntitySecretsSummary,
  FleetQuery,
  FleetResponse,
  FleetRotationsResponse,
  PendingApprovalsResponse,
  RotationApproval,
  HealthResponse,
  RevalidateRequest,
  RevalidateResponse,
  RotationDetail,
  RotationHistoryResponse,
  RotationProposal,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { RotationDeniedError } from './RotationDeniedError';
import type {
  ApprovalDecision,
  RollbackTarget,
  RotationTarget,
  SecretsApi,
  StartOptions,
} from './SecretsApi';

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [namespace, kind, name].map(encodeURIComponent).join('/');
}

function post(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

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

  /**
   * Asks for the compact form (shared parts sent once: a 1,000-row entity is under half the
   * bytes) and expands it; a backend that predates it answers in full, which is used as is.
   */
  async getEntitySecrets(entityRef: string): Promise<EntitySecretsResponse> {
    const answer = await this.#request<
      EntitySecretsResponse | CompactEntitySecretsResponse
    >(`/entities/${entityPath(entityRef)}/secrets?format=compact`);
    return isCompactEntitySecrets(answer)
      ? expandEntitySecrets(answer)
      : answer;
  }

  getEntitySecretsSummary(entityRef: string): Promise<EntitySecretsSummary> {
    return this.#request(`/entities/${entityPath(entityRef)}/secrets/summary`);
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
    return this.#request('/stores/revalidate', post(request));
  }

  proposeRotation(target: RotationTarget): Promise<RotationProposal> {
    return this.#request('/rotations', post({ ...target, dryRun: true }));
  }

  startRotation(
    target: RotationTarget,
    options: StartOptions,
  ): Promise<RotationSummary> {
    return this.#request(
      '/rotations',
      post({
        ...target,
        dryRun: false,
        idempotencyKey: options.idempotencyKey,
        acknowledgeWarnings: options.acknowledgeWarnings ?? false,
      }),
    );
  }

  getRotation(id: string): Promise<RotationDetail> {
    return this.#request(`/rotations/${encodeURIComponent(id)}`);
  }

  listRotations(
    entityRef: string,
    query: { groupId?: string; offset?: number; limit?: number } = {},
  ): Promise<RotationHistoryResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    return this.#request(
      `/entities/${entityPath(entityRef)}/rotations${qs ? `?${qs}` : ''}`,
    );
  }

  proposeRollback(target: RollbackTarget): Promise<RotationProposal> {
    return this.#request(
      `/rotations/${encodeURIComponent(target.rotationId)}/rollback`,
      post({ version: target.version, reason: target.reason, dryRun: true }),
    );
  }

  startRollback(
    target: RollbackTarget,
    options: StartOptions,
  ): Promise<RotationSummary> {
    return this.#request(
      `/rotations/${encodeURIComponent(target.rotationId)}/rollback`,
      post({
        version: target.version,
        reason: target.reason,
        dryRun: false,
        idempotencyKey: options.idempotencyKey,
        acknowledgeWarnings: options.acknowledgeWarnings ?? false,
      }),
    );
  }

  cancelRotation(id: string): Promise<RotationSummary> {
    return this.#request(
      `/rotations/${encodeURIComponent(id)}/cancel`,
      post({}),
    );
  }

  getFleetRotations(): Promise<FleetRotationsResponse> {
    return this.#request('/fleet/rotations');
  }

  listPendingApprovals(): Promise<PendingApprovalsResponse> {
    return this.#request('/approvals');
  }

  getRotationApproval(id: string): Promise<RotationApproval> {
    return this.#request(`/rotations/${encodeURIComponent(id)}/approval`);
  }

  decideRotation(
    id: string,
    decision: ApprovalDecision,
    reason: string,
  ): Promise<RotationSummary> {
    return this.#request(
      `/rotations/${encodeURIComponent(id)}/${decision}`,
      post({ reason }),
    );
  }

  async #request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('secrets');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // A policy refusal answers every verdict next to the usual error body.
      const body = error.body as { verdicts?: unknown };
      if (response.status === 403 && Array.isArray(body.verdicts)) {
        throw new RotationDeniedError(
          error.body.error.message,
          body.verdicts,
          error.body,
        );
      }
      throw error;
    }
    return (await response.json()) as T;
  }
}
