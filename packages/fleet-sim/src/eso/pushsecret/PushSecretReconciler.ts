/*
 * PushSecret controller (pkg/controllers/pushsecret/pushsecret_controller.go, v1alpha1) for the
 * Vault provider: pushes keys of a source Secret to every referenced store. Its own refresh rule
 * checks syncedResourceVersion first (so a bump pushes even with refreshInterval 0). Vault refuses
 * secrets not tagged custom_metadata managed-by=external-secrets. Ready is Synced
 * "PushSecret synced successfully" or Errored with the error text (also a Warning event).
 * Not simulated: generatorRef selectors, dataTo, templates, conversion strategies other than None.
 */
import type { KubeObject } from '../../kube/types';
import {
  COMPONENT,
  PUSH_REASON,
  PUSH_SECRET_FINALIZER,
  RESOURCES,
  ESO_FIELD_MANAGER,
} from '../constants';
import { readyCondition, setCondition } from '../conditions';
import { type EsoContext, splitKey, writeStatus } from '../EsoContext';
import { goQuote } from '../go/goErrors';
import { goJsonMarshal } from '../go/goJson';
import { resourceVersionOf } from '../hashes';
import { matchesLabelSelector } from '../labelSelector';
import { pushSecretShouldRefresh, refreshIntervalMs } from '../refreshRules';
import type { ReconcileResult } from '../runtime/WorkQueue';
import { ClientManager, storeResource } from '../stores/clientManager';
import type {
  Condition,
  ExternalSecret,
  LabelSelector,
  StoreKind,
} from '../types';
import { pushSecretToVault } from '../vault/vaultPush';

interface PushSecretData {
  match: {
    secretKey?: string;
    remoteRef: { remoteKey: string; property?: string };
  };
  [k: string]: unknown;
}

export interface PushSecret extends KubeObject {
  spec: {
    refreshInterval?: string;
    secretStoreRefs?: Array<{
      name?: string;
      kind?: StoreKind;
      labelSelector?: LabelSelector;
    }>;
    updatePolicy?: 'Replace' | 'IfNotExists';
    deletionPolicy?: 'None' | 'Delete';
    selector?: {
      secret?: { name?: string; selector?: LabelSelector };
      generatorRef?: unknown;
    };
    data?: PushSecretData[];
  };
  status?: {
    refreshTime?: string | null;
    syncedResourceVersion?: string;
    syncedPushSecrets?: Record<string, Record<string, PushSecretData>>;
    conditions?: Condition[];
  };
}

const statusRef = (d: PushSecretData) =>
  d.match.remoteRef.property
    ? `${d.match.remoteRef.remoteKey}/${d.match.remoteRef.property}`
    : d.match.remoteRef.remoteKey;

export function referencedStores(
  ctx: EsoContext,
  ps: PushSecret,
): Array<{ kind: StoreKind; name: string }> {
  const out: Array<{ kind: StoreKind; name: string }> = [];
  for (const ref of ps.spec.secretStoreRefs ?? []) {
    const kind = ref.kind ?? 'SecretStore';
    if (ref.name) {
      out.push({ kind, name: ref.name });
    } else if (ref.labelSelector) {
      const ns = kind === 'SecretStore' ? ps.metadata.namespace : undefined;
      for (const s of ctx.store.list(storeResource(kind), ns)) {
        if (matchesLabelSelector(ref.labelSelector, s.metadata.labels))
          out.push({ kind, name: s.metadata.name });
      }
    }
  }
  return out;
}

export function createPushSecretReconciler(ctx: EsoContext) {
  const { store, clock } = ctx;
  const PS = RESOURCES.pushSecrets;

  return async function reconcilePushSecret(
    key: string,
  ): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    let ps = store.get(PS, namespace, name) as PushSecret | undefined;
    if (!ps) return {};
    const startMs = clock.now();
    const intervalMs = refreshIntervalMs(ps);
    const finalizers = ps.metadata.finalizers ?? [];
    if (
      ps.spec.deletionPolicy === 'Delete' &&
      !ps.metadata.deletionTimestamp &&
      !finalizers.includes(PUSH_SECRET_FINALIZER)
    ) {
      store.update(
        PS,
        {
          ...ps,
          metadata: {
            ...ps.metadata,
            finalizers: [...finalizers, PUSH_SECRET_FINALIZER],
          },
        },
        { fieldManager: ESO_FIELD_MANAGER },
      );
      return { requeue: true };
    }
    if (ps.metadata.deletionTimestamp) {
      // provider clean-up on delete is not simulated; release the object
      if (finalizers.includes(PUSH_SECRET_FINALIZER)) {
        store.update(
          PS,
          {
            ...ps,
            metadata: {
              ...ps.metadata,
              finalizers: finalizers.filter(f => f !== PUSH_SECRET_FINALIZER),
            },
          },
          { fieldManager: ESO_FIELD_MANAGER },
        );
      }
      return {};
    }
    if (
      ps.spec.deletionPolicy !== 'Delete' &&
      finalizers.includes(PUSH_SECRET_FINALIZER)
    ) {
      ps = store.update(
        PS,
        {
          ...ps,
          metadata: {
            ...ps.metadata,
            finalizers: finalizers.filter(f => f !== PUSH_SECRET_FINALIZER),
          },
        },
        { fieldManager: ESO_FIELD_MANAGER },
      ) as PushSecret;
    }

    if (!pushSecretShouldRefresh(ps as unknown as ExternalSecret, startMs)) {
      const refreshed = ps.status?.refreshTime
        ? Date.parse(ps.status.refreshTime)
        : startMs;
      return { requeueAfterMs: intervalMs - (startMs - refreshed) + 5000 };
    }

    const status = structuredClone(ps.status ?? {});
    const emit = (
      type: 'Normal' | 'Warning',
      reason: string,
      message: string,
    ) => store.recordEvent(ps!, type, reason, message, COMPONENT.pushSecret);
    const fail = (message: string) => {
      status.conditions = setCondition(
        status.conditions,
        readyCondition(false, PUSH_REASON.errored, message, clock.nowRfc3339()),
      );
      emit('Warning', PUSH_REASON.errored, message);
    };
    const manager = new ClientManager(ctx, false);
    let error: Error | undefined;
    try {
      const sources = resolveSources(ps);
      if (!sources) {
        fail('could not get source secret');
        throw Object.assign(
          new Error(
            `secrets ${goQuote(ps.spec.selector?.secret?.name)} not found`,
          ),
          {
            reported: true,
          },
        );
      }
      const synced: NonNullable<PushSecret['status']>['syncedPushSecrets'] = {};
      for (const source of sources) {
        for (const { kind, name: storeName } of referencedStores(ctx, ps)) {
          const storeKey = `${kind}/${storeName}`;
          synced[storeKey] = {};
          let client;
          try {
            client = await manager.get(
              { kind, name: storeName },
              namespace ?? '',
            );
          } catch (e) {
            throw wrapped(
              `set secret failed: could not get secrets client for store ${storeName}: ${
                (e as Error).message
              }`,
            );
          }
          for (const entry of ps.spec.data ?? []) {
            const secretKey = entry.match.secretKey ?? '';
            const data = (source.data ?? {}) as Record<string, string>;
            if (secretKey && !Object.hasOwn(data, secretKey)) {
              throw wrapped(
                `set secret failed: secret key ${secretKey} does not exist`,
              );
            }
            const value = secretKey
              ? Buffer.from(data[secretKey], 'base64')
              : Buffer.from(
                  goJsonMarshal(
                    Object.fromEntries(
                      Object.entries(data).map(([k, v]) => [
                        k,
                        Buffer.from(v, 'base64').toString('utf8'),
                      ]),
                    ),
                  ),
                );
            try {
              await pushSecretToVault(
                client,
                value,
                entry.match.remoteRef.remoteKey,
                entry.match.remoteRef.property,
                !secretKey,
              );
            } catch (e) {
              throw wrapped(
                `set secret failed: could not write remote ref ${secretKey} to target secretstore ${storeName}: ${
                  (e as Error).message
                }`,
              );
            }
            synced[storeKey][statusRef(entry)] = entry;
          }
        }
      }
      const message =
        ps.spec.updatePolicy === 'IfNotExists'
          ? 'PushSecret synced successfully. Existing secrets in providers unchanged.'
          : 'PushSecret synced successfully';
      status.conditions = setCondition(
        status.conditions,
        readyCondition(true, PUSH_REASON.synced, message, clock.nowRfc3339()),
      );
      status.syncedPushSecrets = synced;
      status.refreshTime = new Date(Math.floor(startMs / 1000) * 1000)
        .toISOString()
        .replace('.000Z', 'Z');
      status.syncedResourceVersion = resourceVersionOf(ps.metadata);
      emit('Normal', PUSH_REASON.synced, message);
    } catch (e) {
      error = e as Error;
      if ((e as { reported?: boolean }).reported !== true) fail(error.message);
    } finally {
      await manager.close();
    }
    const latest = store.get(PS, namespace, name);
    if (latest) writeStatus(ctx, PS, latest, orderStatus(status), 'patch');
    if (error) throw error;
    return { requeueAfterMs: intervalMs };

    function wrapped(message: string): Error {
      fail(message);
      return Object.assign(new Error(message), { reported: true });
    }
  };

  function resolveSources(ps: PushSecret): KubeObject[] | undefined {
    const selector = ps.spec.selector?.secret;
    if (selector?.name) {
      const s = store.get(
        RESOURCES.secrets,
        ps.metadata.namespace,
        selector.name,
      );
      return s ? [s] : undefined;
    }
    if (selector?.selector) {
      return store
        .list(RESOURCES.secrets, ps.metadata.namespace)
        .filter(s =>
          matchesLabelSelector(selector.selector!, s.metadata.labels),
        );
    }
    return undefined;
  }
}

function orderStatus(
  s: NonNullable<PushSecret['status']>,
): NonNullable<PushSecret['status']> {
  const out: NonNullable<PushSecret['status']> = {
    refreshTime: s.refreshTime ?? null,
  };
  if (s.syncedResourceVersion)
    out.syncedResourceVersion = s.syncedResourceVersion;
  if (s.syncedPushSecrets && Object.keys(s.syncedPushSecrets).length)
    out.syncedPushSecrets = s.syncedPushSecrets;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}
