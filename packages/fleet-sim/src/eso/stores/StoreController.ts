/*
 * SecretStore / ClusterSecretStore controller (pkg/controllers/secretstore/common.go reconcile):
 * validate by creating a provider client (Vault login) and calling Validate (lookup-self).
 * Success: Ready/Valid "store validated", capabilities ReadWrite, Normal Valid event, requeue at
 * the store's refreshInterval (default --store-requeue-interval 5m). Failure: Ready False
 * InvalidProviderConfig ("unable to create client" / "unable to validate store"), a Warning
 * event with the raw error, and an error return, i.e. per-item backoff 1s·2^n capped at 7 min.
 * The controller watches its kind with no predicate, so any edit (even an annotation) revalidates
 * at once; status-only writes enqueue it too, like controller-runtime's For() without predicates.
 */
import type { KubeObject } from '../../kube/types';
import {
  COMPONENT,
  DEFAULT_STORE_REQUEUE_MS,
  RESOURCES,
  STORE_FINALIZER,
  STORE_MESSAGE,
  STORE_REASON,
  ESO_FIELD_MANAGER,
} from '../constants';
import { readyCondition, setCondition } from '../conditions';
import { type EsoContext, splitKey, writeStatus } from '../EsoContext';
import type { ReconcileResult } from '../runtime/WorkQueue';
import type { SecretStore, StoreKind } from '../types';
import { ClientManager, storeResource } from './clientManager';
import { storeRefreshIntervalMs } from './storeRefresh';

export class StoreValidationError extends Error {}

export function createStoreReconciler(ctx: EsoContext, kind: StoreKind) {
  const ref = storeResource(kind);
  const component =
    kind === 'ClusterSecretStore'
      ? COMPONENT.clusterSecretStore
      : COMPONENT.secretStore;

  return async function reconcileStore(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    let store = ctx.store.get(ref, namespace, name) as SecretStore | undefined;
    if (!store) return {};
    if (store.spec.controller) return {};

    store = updateFinalizer(ctx, store, kind);
    const requeueMs = storeRefreshIntervalMs(
      store.spec,
      ctx.options.storeRequeueIntervalMs ?? DEFAULT_STORE_REQUEUE_MS,
    );

    const now = () => ctx.clock.nowRfc3339();
    const status = { ...(store.status ?? {}) };
    const manager = new ClientManager(ctx, false);
    let failure: Error | undefined;
    try {
      const client = await manager
        .getFromStore(store, kind, namespace ?? '')
        .catch((error: Error) => {
          status.conditions = setCondition(
            status.conditions,
            readyCondition(
              false,
              STORE_REASON.invalidProviderConfig,
              STORE_MESSAGE.unableCreateClient,
              now(),
            ),
          );
          ctx.store.recordEvent(
            store!,
            'Warning',
            STORE_REASON.invalidProviderConfig,
            error.message,
            component,
          );
          throw new StoreValidationError(
            `could not get provider client: ${error.message}`,
          );
        });
      await client.validate().catch((error: Error) => {
        status.conditions = setCondition(
          status.conditions,
          readyCondition(
            false,
            STORE_REASON.invalidProviderConfig,
            STORE_MESSAGE.unableValidateStore,
            now(),
          ),
        );
        ctx.store.recordEvent(
          store!,
          'Warning',
          STORE_REASON.invalidProviderConfig,
          error.message,
          component,
        );
        throw new StoreValidationError(
          `could not validate provider: ${error.message}`,
        );
      });
      status.capabilities = 'ReadWrite';
      ctx.store.recordEvent(
        store,
        'Normal',
        STORE_REASON.valid,
        STORE_MESSAGE.validated,
        component,
      );
      status.conditions = setCondition(
        status.conditions,
        readyCondition(
          true,
          STORE_REASON.valid,
          STORE_MESSAGE.validated,
          now(),
        ),
      );
    } catch (error) {
      failure = error as Error;
    } finally {
      await manager.close();
    }

    // the deferred status patch runs whether validation worked or not
    const current = ctx.store.get(ref, namespace, name);
    if (current && current.metadata.uid === store.metadata.uid) {
      writeStatus(ctx, ref, current, orderedStatus(status), 'patch');
    }
    if (failure) throw failure;
    return { requeueAfterMs: requeueMs };
  };
}

/** Go marshals SecretStoreStatus as {conditions, capabilities}. */
function orderedStatus(status: SecretStore['status'] & object) {
  const out: Record<string, unknown> = {};
  if (status.conditions?.length) out.conditions = status.conditions;
  if (status.capabilities) out.capabilities = status.capabilities;
  return out;
}

/** handleFinalizer: keep the store while PushSecrets with deletionPolicy Delete have synced to it. */
function updateFinalizer(
  ctx: EsoContext,
  store: SecretStore,
  kind: StoreKind,
): SecretStore {
  const storeKey = `${kind}/${store.metadata.name}`;
  const pushSecrets = ctx.store.list(
    RESOURCES.pushSecrets,
    kind === 'SecretStore' ? store.metadata.namespace : undefined,
  ) as Array<
    KubeObject & {
      spec?: { deletionPolicy?: string };
      status?: { syncedPushSecrets?: Record<string, unknown> };
    }
  >;
  const needed = pushSecrets.some(
    ps =>
      ps.spec?.deletionPolicy === 'Delete' &&
      ps.status?.syncedPushSecrets &&
      storeKey in ps.status.syncedPushSecrets,
  );
  const finalizers = store.metadata.finalizers ?? [];
  const has = finalizers.includes(STORE_FINALIZER);
  const deleting = !!store.metadata.deletionTimestamp;
  let next: string[] | undefined;
  if (deleting && has && !needed)
    next = finalizers.filter(f => f !== STORE_FINALIZER);
  else if (!deleting && needed && !has) next = [...finalizers, STORE_FINALIZER];
  else if (!deleting && !needed && has)
    next = finalizers.filter(f => f !== STORE_FINALIZER);
  if (!next) return store;
  return ctx.store.update(
    storeResource(kind),
    {
      ...store,
      metadata: { ...store.metadata, finalizers: next },
    },
    { fieldManager: ESO_FIELD_MANAGER },
  ) as SecretStore;
}
