import {
  ES_FORCE_SYNC_ANNOTATION,
  ESO_FORCE_SYNC_ANNOTATION,
  FIELD_MANAGER,
  ROTATION_RESTART_ANNOTATION,
  type WorkloadKind,
} from '@secrets-plugin/plugin-secrets-common';
import { KubeApiError, type KubeHttp } from './KubeHttp';
import { WORKLOAD_PLURALS } from './workloadKinds';
import { appsPath, esoPath, SELF_SUBJECT_ACCESS_REVIEWS } from './kubePaths';

/** Any metadata edit makes ESO revalidate a store at once; the key says who did it. */
export const REVALIDATE_ANNOTATION = 'secrets.backstage.io/revalidate';

const WRITE_QUERY = { fieldManager: FIELD_MANAGER };

export interface WorkloadRef {
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

/** One SelfSubjectAccessReview's resource attributes (`group` '' is the core group). */
export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface AccessAnswer {
  allowed: boolean;
  reason?: string;
}

/**
 * Every write the plugin makes to a cluster, one typed verb each; nothing else PATCHes. Writes
 * carry the plugin's field manager, and the values are chosen by the caller (a timestamp for a
 * revalidation, the rotation id for a rotation) so that repeating a step repeats the same patch.
 * Failures are the API's `KubeApiError`s (status 403/404 with the server's message).
 */
export class ClusterWriter {
  constructor(
    private readonly http: KubeHttp,
    /** The external-secrets.io version the cluster serves, as discovery last found it. */
    private readonly esoVersion: () => string,
  ) {}

  async bumpStore(
    store: {
      kind: 'SecretStore' | 'ClusterSecretStore';
      namespace?: string;
      name: string;
    },
    value: string,
  ): Promise<void> {
    const cluster = store.kind === 'ClusterSecretStore';
    await this.#annotate(
      this.#eso(
        cluster ? 'clustersecretstores' : 'secretstores',
        cluster ? undefined : store.namespace,
        store.name,
      ),
      REVALIDATE_ANNOTATION,
      value,
    );
  }

  async forceSyncExternalSecret(
    ref: { namespace: string; name: string },
    value: string,
  ): Promise<void> {
    await this.#annotate(
      this.#eso('externalsecrets', ref.namespace, ref.name),
      ES_FORCE_SYNC_ANNOTATION,
      value,
    );
  }

  /** ESO mirrors this annotation to every child ExternalSecret, which re-syncs them. */
  async forceSyncClusterExternalSecret(
    name: string,
    value: string,
  ): Promise<void> {
    await this.#annotate(
      this.#eso('clusterexternalsecrets', undefined, name),
      ESO_FORCE_SYNC_ANNOTATION,
      value,
    );
  }

  /**
   * `kubectl rollout restart` with the value as the pod-template annotation: a new value rolls the
   * pods, the same value again changes nothing. Resolves with the `metadata.generation` the patch
   * left, which the rollout has to reach (the cache may not have seen the patch yet).
   */
  async restartWorkload(
    ref: WorkloadRef,
    value: string,
  ): Promise<{ generation?: number }> {
    const written = await this.http.patch<{
      metadata?: { generation?: number };
    }>(
      appsPath(WORKLOAD_PLURALS[ref.kind], ref.namespace, ref.name),
      {
        spec: {
          template: {
            metadata: { annotations: { [ROTATION_RESTART_ANNOTATION]: value } },
          },
        },
      },
      'application/strategic-merge-patch+json',
      WRITE_QUERY,
    );
    return { generation: written?.metadata?.generation };
  }

  /** What this cluster's credentials may do, one SelfSubjectAccessReview per check, in order. */
  canI(checks: AccessCheck[]): Promise<AccessAnswer[]> {
    return Promise.all(
      checks.map(async check => {
        const review = await this.http.create<{
          status?: { allowed?: boolean; reason?: string };
        }>(SELF_SUBJECT_ACCESS_REVIEWS, {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { ...check } },
        });
        const answer: AccessAnswer = {
          allowed: review.status?.allowed === true,
        };
        if (review.status?.reason) answer.reason = review.status.reason;
        return answer;
      }),
    );
  }

  async #annotate(path: string, key: string, value: string): Promise<void> {
    await this.http.patch(
      path,
      { metadata: { annotations: { [key]: value } } },
      'application/merge-patch+json',
      WRITE_QUERY,
    );
  }

  #eso(plural: string, namespace: string | undefined, name: string): string {
    const version = this.esoVersion();
    if (version !== 'v1' && version !== 'v1beta1')
      throw new KubeApiError(
        `the cluster does not serve the ${plural} API (external-secrets.io ${version})`,
        404,
        'NotFound',
      );
    return esoPath(version, plural, namespace, name);
  }
}
