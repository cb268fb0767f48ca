/*
 * A Deployment controller reduced to status: every new generation (a pod-template or replica
 * change, e.g. `kubectl rollout restart` or a Reloader patch) starts a rollout that walks the
 * status through rolloutStatus() steps and converges after `rolloutDurationMs` of simulated time.
 * A paused Deployment only acknowledges the generation (Progressing Unknown DeploymentPaused).
 * No ReplicaSet or Pod objects are created.
 */
import type { SimClock, SimTimer } from '../clock/SimClock';
import type { ClusterStore, KubeObject, StoreEvent } from '../kube/types';
import { rolloutStatus, rolloutSteps } from './rolloutStatus';

export const DEPLOYMENTS = { group: 'apps', resource: 'deployments' };

export interface RolloutControllerOptions {
  store: ClusterStore;
  clock: SimClock;
  /** Simulated time from a new generation to a completed rollout. Default 20 s. */
  rolloutDurationMs?: number;
}

const keyOf = (d: KubeObject) => `${d.metadata.namespace}/${d.metadata.name}`;

export class RolloutController {
  readonly #options: RolloutControllerOptions;
  readonly #timers = new Map<string, SimTimer>();
  #unsubscribe: (() => void) | undefined;

  constructor(options: RolloutControllerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#unsubscribe = this.#options.store.subscribe(e => this.#onEvent(e));
    for (const d of this.#options.store.list(DEPLOYMENTS)) {
      const status = (d.status ?? {}) as { observedGeneration?: number };
      if (status.observedGeneration !== d.metadata.generation) this.#begin(d);
    }
  }

  stop(): void {
    this.#unsubscribe?.();
    for (const t of this.#timers.values()) this.#options.clock.clearTimer(t);
    this.#timers.clear();
  }

  /** True while a rollout of this Deployment is in flight. */
  isRolling(namespace: string, name: string): boolean {
    return this.#timers.has(`${namespace}/${name}`);
  }

  #onEvent(event: StoreEvent): void {
    if (
      event.ref.group !== DEPLOYMENTS.group ||
      event.ref.resource !== DEPLOYMENTS.resource
    )
      return;
    const key = keyOf(event.object);
    if (event.type === 'DELETED') {
      this.#cancel(key);
      return;
    }
    if (
      event.type === 'ADDED' ||
      (event.old?.metadata.generation ?? 0) !==
        (event.object.metadata.generation ?? 0)
    ) {
      // defer: the store notifies synchronously, inside the writer's call
      queueMicrotask(() => this.#begin(event.object));
    }
  }

  #cancel(key: string): void {
    const timer = this.#timers.get(key);
    if (timer) this.#options.clock.clearTimer(timer);
    this.#timers.delete(key);
  }

  #begin(deployment: KubeObject): void {
    const key = keyOf(deployment);
    this.#cancel(key);
    const generation = deployment.metadata.generation;
    if ((deployment.spec as { paused?: boolean } | undefined)?.paused) {
      this.#write(
        deployment.metadata.namespace!,
        deployment.metadata.name,
        generation,
        current => ({
          ...((current.status as object) ?? {}),
          observedGeneration: generation,
          conditions: [
            {
              type: 'Progressing',
              status: 'Unknown',
              lastUpdateTime: this.#options.clock.nowRfc3339(),
              lastTransitionTime: this.#options.clock.nowRfc3339(),
              reason: 'DeploymentPaused',
              message: 'Deployment is paused',
            },
          ],
        }),
      );
      return;
    }
    const steps = rolloutSteps(deployment);
    const stepMs = (this.#options.rolloutDurationMs ?? 20_000) / steps;
    const run = (step: number) => {
      this.#timers.delete(key);
      const ok = this.#write(
        deployment.metadata.namespace!,
        deployment.metadata.name,
        generation,
        current =>
          rolloutStatus(current, step, this.#options.clock.nowRfc3339()),
      );
      if (ok && step < steps)
        this.#timers.set(
          key,
          this.#options.clock.setTimer(stepMs, () => run(step + 1)),
        );
    };
    run(0);
  }

  /** Writes status only while the Deployment is still at the generation being rolled out. */
  #write(
    namespace: string,
    name: string,
    generation: number | undefined,
    status: (d: KubeObject) => unknown,
  ): boolean {
    const current = this.#options.store.get(DEPLOYMENTS, namespace, name);
    if (!current || current.metadata.generation !== generation) return false;
    try {
      const metadata = { ...current.metadata };
      delete metadata.resourceVersion; // a status patch, not a conditional update
      this.#options.store.updateStatus(DEPLOYMENTS, {
        ...current,
        metadata,
        status: status(current),
      });
      return true;
    } catch {
      return false;
    }
  }
}
