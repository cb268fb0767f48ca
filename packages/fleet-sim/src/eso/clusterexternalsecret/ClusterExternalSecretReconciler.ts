/*
 * ClusterExternalSecret controller (pkg/controllers/clusterexternalsecret, ESO v2.9.0): fans the
 * ExternalSecret spec out to every namespace picked by `namespaceSelectors` (plus the deprecated
 * `namespaceSelector` / `namespaces`), overwriting each child's labels and annotations with
 * `externalSecretMetadata` and mirroring the CES `external-secrets.io/force-sync` annotation.
 * Status lists provisioned and failed namespaces; Ready is False "one or more namespaces failed"
 * when any namespace failed and never reflects whether the children synced.
 */
import type { KubeObject } from '../../kube/types';
import {
  ANNOTATION_FORCE_SYNC,
  CES_FINALIZER,
  RESOURCES,
  ESO_FIELD_MANAGER,
} from '../constants';
import { type EsoContext, sameJson, writeStatus } from '../EsoContext';
import { parseGoDuration } from '../go/goDuration';
import { matchesLabelSelector } from '../labelSelector';
import type { ReconcileResult } from '../runtime/WorkQueue';
import type { ExternalSecretSpec, LabelSelector } from '../types';

export interface ClusterExternalSecret extends KubeObject {
  spec: {
    externalSecretSpec: ExternalSecretSpec;
    externalSecretName?: string;
    externalSecretMetadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    namespaceSelector?: LabelSelector;
    namespaceSelectors?: LabelSelector[];
    namespaces?: string[];
    refreshTime?: string;
  };
  status?: {
    externalSecretName?: string;
    failedNamespaces?: Array<{ namespace: string; reason?: string }>;
    provisionedNamespaces?: string[];
    conditions?: Array<{ type: string; status: string; message?: string }>;
  };
}

const nsFinalizer = (ces: string) =>
  `externalsecrets.external-secrets.io/ces-${ces}`;

export function cesSelectors(ces: ClusterExternalSecret): LabelSelector[] {
  return [
    ...(ces.spec.namespaceSelector ? [ces.spec.namespaceSelector] : []),
    ...(ces.spec.namespaceSelectors ?? []),
  ];
}

export function isOwnedBy(es: KubeObject, cesName: string): boolean {
  return (es.metadata.ownerReferences ?? []).some(
    r =>
      r.controller &&
      r.kind === 'ClusterExternalSecret' &&
      r.apiVersion.startsWith('external-secrets.io/') &&
      r.name === cesName,
  );
}

export function createClusterExternalSecretReconciler(ctx: EsoContext) {
  const { store } = ctx;
  const ES = RESOURCES.externalSecrets;

  function setNamespaceFinalizer(
    nsName: string,
    finalizer: string,
    present: boolean,
  ): void {
    const ns = store.get(RESOURCES.namespaces, undefined, nsName);
    if (!ns) return;
    const finalizers = ns.metadata.finalizers ?? [];
    if (finalizers.includes(finalizer) === present) return;
    const next = present
      ? [...finalizers, finalizer]
      : finalizers.filter(f => f !== finalizer);
    store.update(
      RESOURCES.namespaces,
      {
        ...ns,
        metadata: { ...ns.metadata, finalizers: next },
      },
      { fieldManager: ESO_FIELD_MANAGER },
    );
  }

  function deleteChild(
    esName: string,
    cesName: string,
    namespace: string,
  ): void {
    const existing = store.get(ES, namespace, esName);
    if (!existing || !isOwnedBy(existing, cesName)) return;
    store.delete(ES, namespace, esName);
  }

  function targetNamespaces(ces: ClusterExternalSecret): KubeObject[] {
    const selectors: LabelSelector[] = [
      ...(ces.spec.namespaces ?? []).map(n => ({
        matchLabels: { 'kubernetes.io/metadata.name': n },
      })),
      ...cesSelectors(ces),
    ];
    const all = store.list(RESOURCES.namespaces);
    const seen = new Set<string>();
    const out: KubeObject[] = [];
    for (const selector of selectors) {
      for (const ns of all) {
        if (
          seen.has(ns.metadata.name) ||
          !matchesLabelSelector(selector, ns.metadata.labels)
        )
          continue;
        seen.add(ns.metadata.name);
        out.push(ns);
      }
    }
    return out;
  }

  function createOrUpdateChild(
    ces: ClusterExternalSecret,
    namespace: string,
    esName: string,
  ): void {
    setNamespaceFinalizer(namespace, nsFinalizer(ces.metadata.name), true);
    const existing = store.get(ES, namespace, esName);
    const metadata = ces.spec.externalSecretMetadata ?? {};
    const annotations: Record<string, string> | undefined = metadata.annotations
      ? { ...metadata.annotations }
      : undefined;
    const forceSync = ces.metadata.annotations?.[ANNOTATION_FORCE_SYNC];
    let childAnnotations = annotations;
    if (forceSync !== undefined)
      childAnnotations = {
        ...(annotations ?? {}),
        [ANNOTATION_FORCE_SYNC]: forceSync,
      };
    else if (childAnnotations) delete childAnnotations[ANNOTATION_FORCE_SYNC];
    const owner = {
      apiVersion: ces.apiVersion,
      kind: 'ClusterExternalSecret',
      name: ces.metadata.name,
      uid: ces.metadata.uid ?? '',
      controller: true,
      blockOwnerDeletion: true,
    };
    const base: KubeObject = existing
      ? structuredClone(existing)
      : {
          apiVersion: ces.apiVersion,
          kind: 'ExternalSecret',
          metadata: { name: esName, namespace },
        };
    const others = (base.metadata.ownerReferences ?? []).filter(
      r => r.uid !== owner.uid,
    );
    const desired: KubeObject = {
      ...base,
      metadata: {
        ...base.metadata,
        labels: metadata.labels ? { ...metadata.labels } : undefined,
        annotations: childAnnotations,
        ownerReferences: [...others, owner],
      },
      spec: structuredClone(ces.spec.externalSecretSpec),
    };
    if (!desired.metadata.labels) delete desired.metadata.labels;
    if (!desired.metadata.annotations) delete desired.metadata.annotations;
    if (!existing)
      store.create(ES, desired, { fieldManager: ESO_FIELD_MANAGER });
    else if (!sameJson(comparable(existing), comparable(desired)))
      store.update(ES, desired, { fieldManager: ESO_FIELD_MANAGER });
  }

  return async function reconcileClusterExternalSecret(
    name: string,
  ): Promise<ReconcileResult> {
    let ces = store.get(RESOURCES.clusterExternalSecrets, undefined, name) as
      | ClusterExternalSecret
      | undefined;
    if (!ces) return {};
    const esName = () => ces!.spec.externalSecretName || ces!.metadata.name;

    if (ces.metadata.deletionTimestamp) {
      const childName = ces.status?.externalSecretName || ces.metadata.name;
      for (const ns of ces.status?.provisionedNamespaces ?? []) {
        setNamespaceFinalizer(ns, nsFinalizer(ces.metadata.name), false);
        deleteChild(childName, ces.metadata.name, ns);
      }
      const finalizers = (ces.metadata.finalizers ?? []).filter(
        f => f !== CES_FINALIZER,
      );
      if (finalizers.length !== (ces.metadata.finalizers ?? []).length) {
        store.update(
          RESOURCES.clusterExternalSecrets,
          {
            ...ces,
            metadata: { ...ces.metadata, finalizers },
          },
          { fieldManager: ESO_FIELD_MANAGER },
        );
      }
      return {};
    }
    if (!(ces.metadata.finalizers ?? []).includes(CES_FINALIZER)) {
      ces = store.update(
        RESOURCES.clusterExternalSecrets,
        {
          ...ces,
          metadata: {
            ...ces.metadata,
            finalizers: [...(ces.metadata.finalizers ?? []), CES_FINALIZER],
          },
        },
        { fieldManager: ESO_FIELD_MANAGER },
      ) as ClusterExternalSecret;
      return {};
    }

    const refreshMs = ces.spec.refreshTime
      ? parseGoDuration(ces.spec.refreshTime)
      : ctx.options.requeueIntervalMs ?? 3_600_000;
    const status = structuredClone(ces.status ?? {});
    const failed = new Map<string, string>();
    const prevName = status.externalSecretName;
    if (prevName && prevName !== esName()) {
      for (const ns of status.provisionedNamespaces ?? [])
        deleteChild(prevName, ces.metadata.name, ns);
    }
    status.externalSecretName = esName();

    const namespaces = targetNamespaces(ces);
    const current = new Set(namespaces.map(n => n.metadata.name));
    for (const ns of status.provisionedNamespaces ?? []) {
      if (current.has(ns)) continue;
      try {
        deleteChild(esName(), ces.metadata.name, ns);
      } catch (error) {
        failed.set(ns, (error as Error).message);
      }
    }
    const provisioned: string[] = [];
    for (const ns of namespaces) {
      if (ns.metadata.deletionTimestamp) {
        setNamespaceFinalizer(
          ns.metadata.name,
          nsFinalizer(ces.metadata.name),
          false,
        );
        continue;
      }
      const existing = store.get(
        RESOURCES.externalSecrets,
        ns.metadata.name,
        esName(),
      );
      if (existing && !isOwnedBy(existing, ces.metadata.name)) {
        failed.set(
          ns.metadata.name,
          'external secret already exists in namespace',
        );
        continue;
      }
      try {
        createOrUpdateChild(ces, ns.metadata.name, esName());
        provisioned.push(ns.metadata.name);
      } catch (error) {
        failed.set(
          ns.metadata.name,
          `could not create or update ExternalSecret: ${
            (error as Error).message
          }`,
        );
      }
    }

    const next: ClusterExternalSecret['status'] = {
      externalSecretName: status.externalSecretName,
    };
    if (failed.size) {
      next.failedNamespaces = [...failed.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([namespace, reason]) => ({ namespace, reason }));
    }
    if (provisioned.length) next.provisionedNamespaces = provisioned.sort();
    next.conditions = [
      failed.size
        ? {
            type: 'Ready',
            status: 'False',
            message: 'one or more namespaces failed',
          }
        : { type: 'Ready', status: 'True' },
    ];
    const latest = store.get(RESOURCES.clusterExternalSecrets, undefined, name);
    if (latest)
      writeStatus(ctx, RESOURCES.clusterExternalSecrets, latest, next, 'patch');
    return { requeueAfterMs: refreshMs };
  };
}

function comparable(es: KubeObject) {
  return [
    es.metadata.labels ?? null,
    es.metadata.annotations ?? null,
    es.metadata.ownerReferences ?? [],
    es.spec,
  ];
}
