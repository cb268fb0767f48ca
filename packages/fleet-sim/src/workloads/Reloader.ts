/*
 * stakater/Reloader for Deployments, DaemonSets and StatefulSets (the kinds it handles by default,
 * internal/pkg/callbacks/rolling_upgrade.go; Argo Rollouts and CronJobs are off by default): on a
 * Secret update whose data hash changed, every workload in the namespace that opts in (see
 * reloaderRules.ts) gets its pod template changed, which bumps its generation and starts a
 * rollout. Records Reloader's Normal "Reloaded" event (component "reloader-secrets").
 * Create and delete of Secrets do not reload (--reload-on-create/delete off).
 */
import type { SimClock } from '../clock/SimClock';
import type { ClusterStore, KubeObject, StoreEvent } from '../kube/types';
import {
  containerUsingSecret,
  envVarName,
  type PodSpec,
  RELOADER,
  secretSha,
  shouldReload,
} from './reloaderRules';
import { workloadKinds } from './workloadKinds';

export interface ReloaderOptions {
  store: ClusterStore;
  clock: SimClock;
  /** `--reload-strategy`: env-vars (default) or annotations. */
  strategy?: 'env-vars' | 'annotations';
  /** Simulated delay between the Secret update and the Deployment patch. Default 1 s. */
  delayMs?: number;
}

/**
 * Reloader's writes carry no fieldManager, so the API server takes the User-Agent's product: the
 * binary's name, `manager` (stakater/Reloader's Dockerfile builds `-o manager` as the entrypoint).
 */
export const RELOADER_FIELD_MANAGER = 'manager';

export class Reloader {
  readonly #options: ReloaderOptions;
  #unsubscribe: (() => void) | undefined;

  constructor(options: ReloaderOptions) {
    this.#options = options;
  }

  start(): void {
    this.#unsubscribe = this.#options.store.subscribe(e => this.#onEvent(e));
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  #onEvent(event: StoreEvent): void {
    if (
      event.ref.group !== '' ||
      event.ref.resource !== 'secrets' ||
      event.type !== 'MODIFIED' ||
      !event.old
    )
      return;
    const sha = secretSha(event.object.data as Record<string, string>);
    if (sha === secretSha(event.old.data as Record<string, string>)) return;
    const secret = event.object;
    this.#options.clock.setTimer(this.#options.delayMs ?? 1000, () =>
      this.reloadFor(secret, sha),
    );
  }

  /**
   * Applies the reload for one changed Secret; returns the workloads updated, Deployments by name
   * and the other kinds as `<kind>/<name>` (Reloader upgrades Deployments, then DaemonSets, then
   * StatefulSets).
   */
  reloadFor(secret: KubeObject, sha: string): string[] {
    const updated: string[] = [];
    for (const { ref, kind } of workloadKinds()) {
      for (const name of this.#reloadKind(secret, sha, ref, kind))
        updated.push(kind === 'Deployment' ? name : `${kind}/${name}`);
    }
    return updated;
  }

  #reloadKind(
    secret: KubeObject,
    sha: string,
    ref: { group: string; resource: string },
    kind: string,
  ): string[] {
    const { store } = this.#options;
    const namespace = secret.metadata.namespace;
    const updated: string[] = [];
    for (const deployment of store.list(ref, namespace)) {
      const template = (
        deployment.spec as {
          template?: {
            metadata?: { annotations?: Record<string, string> };
            spec?: PodSpec;
          };
        }
      )?.template;
      const decision = shouldReload(
        secret.metadata.name,
        secret.metadata.annotations,
        deployment.metadata.annotations,
        template?.metadata?.annotations,
      );
      if (!decision.reload || !template?.spec) continue;
      const next = structuredClone(deployment);
      const nextTemplate = (
        next.spec as {
          template: {
            metadata?: { annotations?: Record<string, string> };
            spec: PodSpec;
          };
        }
      ).template;
      const container = containerUsingSecret(
        nextTemplate.spec,
        secret.metadata.name,
        decision.auto,
      );
      if (!container) continue;
      if ((this.#options.strategy ?? 'env-vars') === 'annotations') {
        const source = {
          type: 'SECRET',
          name: secret.metadata.name,
          namespace,
          hash: sha,
          containerRefs: [container.name],
          observedAt: Math.floor(this.#options.clock.now() / 1000),
        };
        nextTemplate.metadata = nextTemplate.metadata ?? {};
        nextTemplate.metadata.annotations = {
          ...(nextTemplate.metadata.annotations ?? {}),
          [RELOADER.lastReloadedFrom]: JSON.stringify(source),
        };
      } else {
        const name = envVarName(secret.metadata.name);
        const env = (container.env = container.env ?? []);
        const existing = env.find(e => e.name === name);
        if (existing?.value === sha) continue;
        if (existing) existing.value = sha;
        else env.push({ name, value: sha });
      }
      try {
        store.update(ref, next, { fieldManager: RELOADER_FIELD_MANAGER });
      } catch (error) {
        store.recordEvent(
          deployment,
          'Warning',
          'ReloadFail',
          `Update for '${
            deployment.metadata.name
          }' of type '${kind}' in namespace '${namespace}' failed with error ${
            (error as Error).message
          }`,
          'reloader-secrets',
        );
        continue;
      }
      updated.push(deployment.metadata.name);
      store.recordEvent(
        deployment,
        'Normal',
        'Reloaded',
        `Changes detected in '${secret.metadata.name}' of type 'SECRET' in namespace '${namespace}', Updated '${deployment.metadata.name}' of type '${kind}' in namespace '${namespace}'`,
        'reloader-secrets',
      );
    }
    return updated;
  }
}
