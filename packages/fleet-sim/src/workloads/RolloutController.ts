/*
 * The Deployment, StatefulSet and DaemonSet controllers reduced to status: every new generation
 * (a pod-template or replica change, e.g. `kubectl rollout restart` or a Reloader patch) starts a
 * rollout that walks the status through the kind's steps (workloadKinds.ts) and converges after
 * `rolloutDurationMs` of simulated time. A paused Deployment only acknowledges the generation
 * (Progressing Unknown DeploymentPaused). No ReplicaSet, ControllerRevision or Pod objects are
 * created.
 */
import type { SimClock, SimTimer } from '../clock/SimClock';
import type { ClusterStore, KubeObject, StoreEvent } from '../kube/types';
import { DEPLOYMENTS, type WorkloadKind, workloadKinds } from './workloadKinds';

export { DAEMONSETS, DEPLOYMENTS, STATEFULSETS } from './workloadKinds';

export interface RolloutControllerOptions {
  store: ClusterStore;
  clock: SimClock;
  /** Simulated time from a new generation to a completed rollout. Default 20 s. */
  rolloutDurationMs?: number;
  /** Nodes every DaemonSet runs a pod on. Default 3. */
  nodeCount?: number;
}

const keyOf = (kind: WorkloadKind, d: KubeObject) =>
  `${kind.kind}/${d.metadata.namespace}/${d.metadata.name}`;

export class RolloutController {
  readonly #options: RolloutControllerOptions;
  readonly #timers = new Map<string, SimTimer>();
  readonly #kinds: WorkloadKind[];
  #unsubscribe: (() => void) | undefined;

  constructor(options: RolloutControllerOptions) {
    this.#options = options;
    this.#kinds = workloadKinds(options.nodeCount);
  }

  start(): void {
    this.#unsubscribe = this.#options.store.subscribe(e => this.#onEvent(e));
    for (const kind of this.#kinds) {
      for (const d of this.#options.store.list(kind.ref)) {
        const status = (d.status ?? {}) as { observedGeneration?: number };
        if (status.observedGeneration !== d.metadata.generation)
          this.#begin(kind, d);
      }
    }
  }

  stop(): void {
    this.#unsubscribe?.();
    for (const t of this.#timers.values()) this.#options.clock.clearTimer(t);
    this.#timers.clear();
  }

  /** True while a rollout of this workload (a Deployment unless `kind` says) is in flight. */
  isRolling(
    namespace: string,
    name: string,
    kind: WorkloadKind['kind'] = 'Deployment',
  ): boolean {
    return this.#timers.has(`${kind}/${namespace}/${name}`);
  }

  #onEvent(event: StoreEvent): void {
    const kind = this.#kinds.find(
      k =>
        k.ref.group === event.ref.group &&
        k.ref.resource === event.ref.resource,
    );
    if (!kind) return;
    const key = keyOf(kind, event.object);
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
      queueMicrotask(() => this.#begin(kind, event.object));
    }
  }

  #cancel(key: string): void {
    const timer = this.#timers.get(key);
    if (timer) this.#options.clock.clearTimer(timer);
    this.#timers.delete(key);
  }

  #begin(kind: WorkloadKind, deployment: KubeObject): void {
    const key = keyOf(kind, deployment);
    this.#cancel(key);
    const generation = deployment.metadata.generation;
    if (
      kind.ref === DEPLOYMENTS &&
      (deployment.spec as { paused?: boolean } | undefined)?.paused
    ) {
      this.#write(
        kind,
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
    const steps = kind.steps(deployment);
    const stepMs = (this.#options.rolloutDurationMs ?? 20_000) / steps;
    const run = (step: number) => {
      this.#timers.delete(key);
      const ok = this.#write(
        kind,
        deployment.metadata.namespace!,
        deployment.metadata.name,
        generation,
        current => kind.status(current, step, this.#options.clock.nowRfc3339()),
      );
      if (ok && step < steps)
        this.#timers.set(
          key,
          this.#options.clock.setTimer(stepMs, () => run(step + 1)),
        );
    };
    run(0);
  }

  /** Writes status only while the workload is still at the generation being rolled out. */
  #write(
    kind: WorkloadKind,
    namespace: string,
    name: string,
    generation: number | undefined,
    status: (d: KubeObject) => unknown,
  ): boolean {
    const current = this.#options.store.get(kind.ref, namespace, name);
    if (!current || current.metadata.generation !== generation) return false;
    try {
      const metadata = { ...current.metadata };
      delete metadata.resourceVersion; // a status patch, not a conditional update
      // the workload controllers run in kube-controller-manager, whose client names itself so
      this.#options.store.updateStatus(
        kind.ref,
        { ...current, metadata, status: status(current) },
        { fieldManager: 'kube-controller-manager' },
      );
      return true;
    } catch {
      return false;
    }
  }
}
