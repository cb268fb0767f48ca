/*
 * ExternalSecret reconcile, following ESO v2.9.0 Reconcile (externalsecret_controller.go l.167-590):
 * finalizer, managed-label adoption, skip when no refresh is due and the target is valid, fetch
 * from the provider (flood gate included), write the target per creationPolicy, then status:
 * Ready SecretSynced with refreshTime = reconcile start and syncedResourceVersion on success only;
 * Ready False SecretSyncedError plus a Warning UpdateFailed event with the real error on failure.
 * Returning an error hands the key to the rate limiter (1s·2^n, max 7 min).
 */
import type { KubeObject } from '../../kube/types';
import {
  COMPONENT,
  ES_EVENT,
  ES_FINALIZER,
  ESO_FIELD_MANAGER,
  ES_MESSAGE,
  ES_REASON,
  LABEL_MANAGED,
  LABEL_MANAGED_VALUE,
  RESOURCES,
} from '../constants';
import { readyCondition, setCondition } from '../conditions';
import { type EsoContext, splitKey, writeStatus } from '../EsoContext';
import { resourceVersionOf } from '../hashes';
import {
  isSecretValid,
  refreshIntervalMs,
  requeueAfterMs,
  shouldRefresh,
} from '../refreshRules';
import type { ReconcileResult } from '../runtime/WorkQueue';
import { ClientManager } from '../stores/clientManager';
import type { ExternalSecret, ExternalSecretStatus } from '../types';
import { type EventSink, getProviderSecretData } from './providerData';
import { OwnershipError, type ManagedKeys } from './targetSecret';
import {
  cleanupManagedSecret,
  createTargetSecret,
  deleteOrphanedSecrets,
  ImmutableSecretError,
  type TargetWriteContext,
  updateTargetSecret,
} from './writeTarget';

const rfc3339 = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function toResult(afterMs: number | undefined): ReconcileResult {
  if (afterMs === undefined) return {};
  return afterMs > 0 ? { requeueAfterMs: afterMs } : { requeue: true };
}

/** Go's json field order for ExternalSecretStatus: refreshTime, syncedResourceVersion, conditions, binding. */
function orderStatus(s: ExternalSecretStatus): ExternalSecretStatus {
  const out: ExternalSecretStatus = { refreshTime: s.refreshTime ?? null };
  if (s.syncedResourceVersion)
    out.syncedResourceVersion = s.syncedResourceVersion;
  if (s.conditions?.length) out.conditions = s.conditions;
  out.binding = s.binding?.name ? { name: s.binding.name } : {};
  return out;
}

export function createExternalSecretReconciler(
  ctx: EsoContext,
  managed = new Map<string, ManagedKeys>(),
) {
  const { store, clock } = ctx;

  return async function reconcileExternalSecret(
    key: string,
  ): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    let es = store.get(RESOURCES.externalSecrets, namespace, name) as
      | ExternalSecret
      | undefined;
    if (!es) return {};
    try {
      refreshIntervalMs(es);
    } catch {
      return {}; // an unparsable duration never decodes into ESO's typed cache
    }

    if (es.metadata.deletionTimestamp) {
      cleanupManagedSecret(ctx, es);
      const finalizers = es.metadata.finalizers ?? [];
      if (finalizers.includes(ES_FINALIZER)) {
        store.update(
          RESOURCES.externalSecrets,
          {
            ...es,
            metadata: {
              ...es.metadata,
              finalizers: finalizers.filter(f => f !== ES_FINALIZER),
            },
          },
          { fieldManager: ESO_FIELD_MANAGER },
        );
      }
      return {};
    }
    if (!(es.metadata.finalizers ?? []).includes(ES_FINALIZER)) {
      es = store.update(
        RESOURCES.externalSecrets,
        {
          ...es,
          metadata: {
            ...es.metadata,
            finalizers: [...(es.metadata.finalizers ?? []), ES_FINALIZER],
          },
        },
        { fieldManager: ESO_FIELD_MANAGER },
      ) as ExternalSecret;
    }

    const startMs = clock.now();
    const secretName = es.spec.target?.name || es.metadata.name;
    const existing = store.get(RESOURCES.secrets, namespace, secretName);
    if (
      existing &&
      existing.metadata.labels?.[LABEL_MANAGED] !== LABEL_MANAGED_VALUE
    ) {
      store.mergePatch(RESOURCES.secrets, namespace, secretName, {
        metadata: { labels: { [LABEL_MANAGED]: LABEL_MANAGED_VALUE } },
      });
      return { requeue: true };
    }
    if (!shouldRefresh(es, startMs) && isSecretValid(existing, es)) {
      return toResult(requeueAfterMs(es, clock.now()));
    }

    const status: ExternalSecretStatus = structuredClone(es.status ?? {});
    const emit: EventSink = (type, reason, message) =>
      store.recordEvent(es!, type, reason, message, COMPONENT.externalSecret);
    const fail = (message: string, error: Error) => {
      emit('Warning', ES_EVENT.updateFailed, error.message);
      status.conditions = setCondition(
        status.conditions,
        readyCondition(
          false,
          ES_REASON.syncedError,
          message,
          clock.nowRfc3339(),
        ),
      );
    };
    const done = (reason: string, message: string) => {
      status.conditions = setCondition(
        status.conditions,
        readyCondition(true, reason, message, clock.nowRfc3339()),
      );
      status.refreshTime = rfc3339(startMs);
      status.syncedResourceVersion = resourceVersionOf(es!.metadata);
    };
    const success = (reason: string, message: string): ReconcileResult => {
      done(reason, message);
      const interval = refreshIntervalMs(es!);
      return toResult(
        interval > 0
          ? Math.max(0, interval - (clock.now() - startMs))
          : undefined,
      );
    };

    let result: ReconcileResult = {};
    let error: Error | undefined;
    try {
      result = await syncTarget();
    } catch (e) {
      error = e as Error;
    }
    const written = writeStatus(
      ctx,
      RESOURCES.externalSecrets,
      es,
      orderStatus(status),
      'update',
    );
    if (error) throw error;
    if (written === 'conflict') return { requeue: true };
    return result;

    async function syncTarget(): Promise<ReconcileResult> {
      const manager = new ClientManager(ctx, ctx.options.floodGate ?? true);
      let dataMap: Record<string, Buffer>;
      try {
        dataMap = await getProviderSecretData(es!, manager, emit);
      } catch (e) {
        fail(ES_MESSAGE.errorGetSecretData, e as Error);
        throw e;
      } finally {
        await manager.close();
      }

      const target = es!.spec.target ?? {};
      const policy = target.creationPolicy ?? 'Owner';
      if (Object.keys(dataMap).length === 0) {
        const deletion = target.deletionPolicy ?? 'Retain';
        if (deletion === 'Delete') {
          if (policy !== 'Owner') {
            fail(
              ES_MESSAGE.errorDeleteSecret,
              new Error(
                `unable to delete secret ${secretName}: creationPolicy=${policy} is not Owner`,
              ),
            );
            return {};
          }
          if (existing) {
            store.delete(RESOURCES.secrets, namespace, secretName);
            emit('Normal', ES_EVENT.deleted, ES_EVENT.deletedMessage);
          }
          return success(ES_REASON.deleted, ES_MESSAGE.deleted);
        }
        if (deletion === 'Retain')
          return success(ES_REASON.synced, ES_MESSAGE.syncedRetain);
      }

      const w: TargetWriteContext = {
        ctx,
        es: es!,
        secretName,
        dataMap,
        managed,
        emit,
      };
      if (policy === 'Owner') {
        try {
          deleteOrphanedSecrets(w);
        } catch (e) {
          fail(ES_MESSAGE.errorDeleteOrphaned, e as Error);
          throw e;
        }
      }
      try {
        if (policy === 'Merge') {
          if (!existing) return success(ES_REASON.missing, ES_MESSAGE.missing);
          status.binding = { name: secretName };
          updateTargetSecret(w, existing as KubeObject);
        } else if (
          policy === 'Orphan' ||
          policy === 'CreateOrMerge' ||
          policy === 'Owner'
        ) {
          if (!existing) {
            createTargetSecret(w);
            status.binding = { name: secretName };
          } else {
            status.binding = { name: secretName };
            updateTargetSecret(w, existing);
          }
        }
      } catch (e) {
        if ((e as { reason?: string }).reason === 'Conflict')
          return { requeue: true };
        if (e instanceof OwnershipError) {
          fail(
            e.kind === 'isOwned'
              ? ES_MESSAGE.errorIsOwned
              : ES_MESSAGE.errorBecomeOwner,
            e,
          );
          return {};
        }
        if (e instanceof ImmutableSecretError) {
          fail(ES_MESSAGE.errorUpdateImmutable, e);
          return {};
        }
        fail(ES_MESSAGE.errorUpdateSecret, e as Error);
        throw e;
      }
      return success(ES_REASON.synced, ES_MESSAGE.synced);
    }
  };
}
