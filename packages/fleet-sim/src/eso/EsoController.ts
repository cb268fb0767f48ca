/*
 * One simulated ESO deployment in one cluster: five controllers (ExternalSecret, SecretStore,
 * ClusterSecretStore, ClusterExternalSecret, PushSecret), each with its own work queue and rate
 * limiter, fed by ClusterStore events through the same watches and predicates ESO registers
 * (SetupWithManager of each controller):
 * - ExternalSecret: its own changes except status-only updates; changes to Secrets labelled
 *   reconcile.external-secrets.io/managed=true, mapped to the ES whose target has that name.
 *   Store changes do NOT enqueue ExternalSecrets (issue #4340).
 * - (Cluster)SecretStore: every change of the store, status included; PushSecrets referencing it.
 * - ClusterExternalSecret: every change, changes of owned ExternalSecrets, namespace label changes.
 * - PushSecret: generation, label, annotation and deletion changes.
 */
import type { KubeObject, StoreEvent } from '../kube/types';
import {
  createClusterExternalSecretReconciler,
  cesSelectors,
  type ClusterExternalSecret,
} from './clusterexternalsecret/ClusterExternalSecretReconciler';
import { LABEL_MANAGED, LABEL_MANAGED_VALUE, RESOURCES } from './constants';
import { type EsoContext, keyOf, sameJson } from './EsoContext';
import { createExternalSecretReconciler } from './externalsecret/ExternalSecretReconciler';
import { matchesLabelSelector } from './labelSelector';
import {
  createPushSecretReconciler,
  type PushSecret,
  referencedStores,
} from './pushsecret/PushSecretReconciler';
import { shouldEnqueueExternalSecretUpdate } from './refreshRules';
import { WorkQueue, type Reconciler } from './runtime/WorkQueue';
import { createStoreReconciler } from './stores/StoreController';
import type { ExternalSecret } from './types';
import { registerEsoAdmissionWebhooks } from './webhook/esoAdmissionWebhook';

export interface EsoQueues {
  externalSecrets: WorkQueue;
  secretStores: WorkQueue;
  clusterSecretStores: WorkQueue;
  clusterExternalSecrets: WorkQueue;
  pushSecrets: WorkQueue;
}

export class EsoController {
  readonly queues: EsoQueues;
  readonly #ctx: EsoContext;
  #unsubscribe: (() => void) | undefined;
  /** Errors of the last failed reconcile per queue/key, for diagnostics. */
  readonly lastErrors = new Map<string, string>();

  constructor(ctx: EsoContext) {
    this.#ctx = ctx;
    // installed by the same Helm release, served by its own Deployment (esoAdmissionWebhook.ts)
    registerEsoAdmissionWebhooks();
    const queue = (name: string, reconcile: Reconciler, latency = true) =>
      new WorkQueue({
        name,
        clock: ctx.clock,
        reconcile,
        concurrency: ctx.options.concurrency ?? 1,
        reconcileLatencyMs: latency ? ctx.options.reconcileLatencyMs : 0,
        onError: (key, error) =>
          this.lastErrors.set(`${name}/${key}`, (error as Error).message),
      });
    this.queues = {
      externalSecrets: queue(
        'externalsecret',
        createExternalSecretReconciler(ctx),
      ),
      secretStores: queue(
        'secretstore',
        createStoreReconciler(ctx, 'SecretStore'),
      ),
      clusterSecretStores: queue(
        'clustersecretstore',
        createStoreReconciler(ctx, 'ClusterSecretStore'),
      ),
      clusterExternalSecrets: queue(
        'clusterexternalsecret',
        createClusterExternalSecretReconciler(ctx),
      ),
      pushSecrets: queue('pushsecret', createPushSecretReconciler(ctx)),
    };
  }

  /** Starts watching and enqueues every existing object, like informers' initial list. */
  start(): void {
    const { store } = this.#ctx;
    this.#unsubscribe = store.subscribe(event => this.#route(event));
    for (const es of store.listShared(RESOURCES.externalSecrets))
      this.queues.externalSecrets.add(keyOf(es));
    for (const s of store.listShared(RESOURCES.secretStores))
      this.queues.secretStores.add(keyOf(s));
    for (const s of store.listShared(RESOURCES.clusterSecretStores))
      this.queues.clusterSecretStores.add(keyOf(s));
    for (const c of store.listShared(RESOURCES.clusterExternalSecrets))
      this.queues.clusterExternalSecrets.add(keyOf(c));
    for (const p of store.listShared(RESOURCES.pushSecrets))
      this.queues.pushSecrets.add(keyOf(p));
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const q of Object.values(this.queues)) q.stop();
  }

  /** Resolves when no controller has queued or running work (delayed requeues excluded). */
  async whenIdle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      await Promise.all(Object.values(this.queues).map(q => q.whenIdle()));
      if (Object.values(this.queues).every(q => q.length === 0)) return;
    }
  }

  #route(event: StoreEvent): void {
    const { ref, object, old, type } = event;
    const q = this.queues;
    if (ref.group === RESOURCES.externalSecrets.group) {
      switch (ref.resource) {
        case RESOURCES.externalSecrets.resource:
          if (
            type !== 'MODIFIED' ||
            !old ||
            shouldEnqueueExternalSecretUpdate(old, object)
          )
            q.externalSecrets.add(keyOf(object));
          for (const owner of object.metadata.ownerReferences ?? []) {
            if (owner.controller && owner.kind === 'ClusterExternalSecret')
              q.clusterExternalSecrets.add(owner.name);
          }
          return;
        case RESOURCES.secretStores.resource:
          q.secretStores.add(keyOf(object));
          return;
        case RESOURCES.clusterSecretStores.resource:
          q.clusterSecretStores.add(keyOf(object));
          return;
        case RESOURCES.clusterExternalSecrets.resource:
          q.clusterExternalSecrets.add(keyOf(object));
          return;
        case RESOURCES.pushSecrets.resource:
          this.#routePushSecret(type, object as PushSecret, old);
          return;
        default:
          return;
      }
    }
    if (ref.group !== '') return;
    if (ref.resource === 'secrets') this.#routeSecret(object);
    else if (ref.resource === 'namespaces')
      this.#routeNamespace(type, object, old);
  }

  #routeSecret(secret: KubeObject): void {
    if (secret.metadata.labels?.[LABEL_MANAGED] !== LABEL_MANAGED_VALUE) return;
    for (const es of this.#ctx.store.listShared(
      RESOURCES.externalSecrets,
      secret.metadata.namespace,
    ) as readonly ExternalSecret[]) {
      if ((es.spec?.target?.name || es.metadata.name) === secret.metadata.name)
        this.queues.externalSecrets.add(keyOf(es));
    }
  }

  #routeNamespace(
    type: StoreEvent['type'],
    ns: KubeObject,
    old: KubeObject | undefined,
  ): void {
    if (
      type === 'MODIFIED' &&
      old &&
      sameJson(old.metadata.labels ?? {}, ns.metadata.labels ?? {})
    )
      return;
    for (const ces of this.#ctx.store.listShared(
      RESOURCES.clusterExternalSecrets,
    ) as readonly ClusterExternalSecret[]) {
      const selected = cesSelectors(ces).some(s =>
        matchesLabelSelector(s, ns.metadata.labels),
      );
      if (selected || (ces.spec.namespaces ?? []).includes(ns.metadata.name))
        this.queues.clusterExternalSecrets.add(ces.metadata.name);
    }
  }

  #routePushSecret(
    type: StoreEvent['type'],
    ps: PushSecret,
    old: KubeObject | undefined,
  ): void {
    const relevant =
      type !== 'MODIFIED' ||
      !old ||
      (old.metadata.generation ?? 0) !== (ps.metadata.generation ?? 0) ||
      !sameJson(old.metadata.labels ?? {}, ps.metadata.labels ?? {}) ||
      !sameJson(
        old.metadata.annotations ?? {},
        ps.metadata.annotations ?? {},
      ) ||
      !!old.metadata.deletionTimestamp !== !!ps.metadata.deletionTimestamp;
    if (relevant) this.queues.pushSecrets.add(keyOf(ps));
    if (ps.spec?.deletionPolicy !== 'Delete') return;
    for (const { kind, name } of referencedStores(this.#ctx, ps)) {
      if (kind === 'ClusterSecretStore')
        this.queues.clusterSecretStores.add(name);
      else this.queues.secretStores.add(`${ps.metadata.namespace}/${name}`);
    }
  }
}
