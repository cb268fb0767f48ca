import type { WorkloadKind } from '@secrets-plugin/plugin-secrets-common';
import { ROTATE_ANNOTATION } from '../rotation/rotators/rotateAnnotation';
import { ROTATE_EVERY_ANNOTATION } from '../rotation/schedule/rotateEvery';
import { managedByOf, type ManagedBy } from './managedBy';
import { rolloutComplete } from './rolloutComplete';

/*
 * What the cache keeps of each watched object: only the fields the plugin derives from. Raw API
 * objects go no further than these functions; a Secret's `data` is never read.
 */

export interface ConditionProjection {
  status: string;
  reason?: string;
  message?: string;
  /** `lastTransitionTime`, named as the wire's condition names it so rows can share it. */
  since?: string;
}

export interface VaultRefProjection {
  key: string;
  property?: string;
  version?: string;
  /** From `dataFrom[].extract`: the whole key, every property. */
  extract?: boolean;
  /** From `dataFrom[].find`: `key` is a path prefix and this says what is matched under it. */
  find?: string;
}

export interface ExternalSecretProjection {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** The `secrets.backstage.io/rotate` annotation: which keys a rotation may regenerate. */
  rotate?: string;
  /** The `secrets.backstage.io/rotate-every` annotation (`30d`): scheduled rotation of its keys. */
  rotateEvery?: string;
  managedBy?: ManagedBy;
  storeRef: { kind: 'SecretStore' | 'ClusterSecretStore'; name: string };
  refreshInterval?: string;
  refreshPolicy: 'Periodic' | 'OnChange' | 'CreatedOnce';
  targetName: string;
  vaultRefs: VaultRefProjection[];
  ready?: ConditionProjection;
  refreshTime?: string;
  ownerClusterExternalSecret?: string;
}

export interface StoreProjection {
  kind: 'SecretStore' | 'ClusterSecretStore';
  namespace?: string;
  name: string;
  vault?: {
    server: string;
    namespace?: string;
    path?: string;
    version?: 'v1' | 'v2';
  };
  ready?: ConditionProjection;
}

export interface PushSecretProjection {
  namespace: string;
  name: string;
  storeRefs: Array<{
    kind: 'SecretStore' | 'ClusterSecretStore';
    name: string;
  }>;
  remoteKeys: string[];
}

export interface SecretMetaProjection {
  namespace: string;
  name: string;
  dataHash?: string;
  vaultVersion?: string;
}

export interface WorkloadProjection {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Only the annotations that say who restarts it (Reloader, VSO). */
  annotations: Record<string, string>;
  secretNames: string[];
  generation?: number;
  observedGeneration?: number;
  /** Desired pods: spec.replicas, or a DaemonSet's desiredNumberScheduled. */
  replicas?: number;
  /** Pods at the current template (a DaemonSet's updatedNumberScheduled). */
  updatedReplicas?: number;
  /** A DaemonSet's numberAvailable. */
  availableReplicas?: number;
  /** Done as `kubectl rollout status` reads this kind (see rolloutComplete.ts). */
  rolloutComplete: boolean;
  /** A paused Deployment does not roll out a new template (kubectl refuses to restart it). */
  paused: boolean;
  managedBy?: ManagedBy;
}

export interface WarningEventProjection {
  objectKey: string;
  reason?: string;
  message: string;
  /** When it was last seen. */
  at?: string;
  /** When it was first seen: repeats of the same failure bump one Event, not create new ones. */
  firstAt?: string;
  /** How many times it was seen (the recorder's `count`, or an events.k8s.io series count). */
  count?: number;
}

export interface ClusterExternalSecretProjection {
  name: string;
}

const storeKind = (kind: unknown): 'SecretStore' | 'ClusterSecretStore' =>
  kind === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore';

function readyCondition(raw: any): ConditionProjection | undefined {
  const c = (raw.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
  if (!c) return undefined;
  return {
    status: c.status,
    reason: c.reason,
    message: c.message,
    since: c.lastTransitionTime,
  };
}

export function projectExternalSecret(raw: any): ExternalSecretProjection {
  const spec = raw.spec ?? {};
  const vaultRefs: VaultRefProjection[] = [];
  for (const d of spec.data ?? []) {
    if (d.remoteRef?.key) {
      vaultRefs.push({
        key: d.remoteRef.key,
        property: d.remoteRef.property,
        version: d.remoteRef.version,
      });
    }
  }
  for (const d of spec.dataFrom ?? []) {
    if (d.extract?.key)
      vaultRefs.push({
        key: d.extract.key,
        version: d.extract.version,
        extract: true,
      });
    else if (d.find)
      vaultRefs.push({ key: d.find.path ?? '', find: describeFind(d.find) });
  }
  const owner = (raw.metadata.ownerReferences ?? []).find(
    (r: any) => r.kind === 'ClusterExternalSecret',
  );
  const es: ExternalSecretProjection = {
    namespace: raw.metadata.namespace,
    name: raw.metadata.name,
    labels: raw.metadata.labels ?? {},
    storeRef: {
      kind: storeKind(spec.secretStoreRef?.kind),
      name: spec.secretStoreRef?.name ?? '',
    },
    refreshInterval: spec.refreshInterval,
    refreshPolicy: spec.refreshPolicy ?? 'Periodic',
    targetName: spec.target?.name || raw.metadata.name,
    vaultRefs,
    ready: readyCondition(raw),
    refreshTime: raw.status?.refreshTime ?? undefined,
    ownerClusterExternalSecret: owner?.name,
  };
  // set only when present: most ExternalSecrets have neither, and each slot costs 8 B per object
  const rotate = raw.metadata.annotations?.[ROTATE_ANNOTATION];
  if (rotate !== undefined) es.rotate = rotate;
  const rotateEvery = raw.metadata.annotations?.[ROTATE_EVERY_ANNOTATION];
  if (rotateEvery !== undefined) es.rotateEvery = rotateEvery;
  const managedBy = managedByOf(raw.metadata);
  if (managedBy) es.managedBy = managedBy;
  return es;
}

/** `dataFrom[].find` in a few words: by name pattern and/or custom-metadata tags. */
function describeFind(find: any): string {
  const parts: string[] = [];
  if (find.name?.regexp) parts.push(`name ~ ${find.name.regexp}`);
  const tags = Object.entries(find.tags ?? {});
  if (tags.length)
    parts.push(`tags ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return parts.join('; ') || 'every secret';
}

export function projectStore(kind: 'SecretStore' | 'ClusterSecretStore') {
  return (raw: any): StoreProjection => {
    const vault = raw.spec?.provider?.vault;
    return {
      kind,
      namespace: kind === 'SecretStore' ? raw.metadata.namespace : undefined,
      name: raw.metadata.name,
      vault: vault
        ? {
            server: vault.server,
            namespace: vault.namespace,
            path: vault.path,
            version: vault.version ?? 'v2',
          }
        : undefined,
      ready: readyCondition(raw),
    };
  };
}

export function projectPushSecret(raw: any): PushSecretProjection {
  const spec = raw.spec ?? {};
  return {
    namespace: raw.metadata.namespace,
    name: raw.metadata.name,
    storeRefs: (spec.secretStoreRefs ?? [])
      .filter((r: any) => r.name)
      .map((r: any) => ({
        kind: storeKind(r.kind ?? 'SecretStore'),
        name: r.name,
      })),
    remoteKeys: (spec.data ?? [])
      .map((d: any) => d.match?.remoteRef?.remoteKey)
      .filter(Boolean),
  };
}

/** Metadata of an ESO-managed Secret. `raw.data` is deliberately never touched. */
export function projectSecretMeta(raw: any): SecretMetaProjection {
  const annotations: Record<string, string> = raw.metadata.annotations ?? {};
  const versionKey = Object.keys(annotations).find(k =>
    /(^|[/.-])vault-version$/.test(k),
  );
  return {
    namespace: raw.metadata.namespace,
    name: raw.metadata.name,
    dataHash: annotations['reconcile.external-secrets.io/data-hash'],
    vaultVersion: versionKey ? annotations[versionKey] : undefined,
  };
}

const RESTART_ANNOTATION =
  /(reloader\.stakater\.com|secrets\.hashicorp\.com)\//;

/** Every Secret a pod template reads: env, envFrom, secret volumes and projected sources. */
function podSecretNames(pod: any): string[] {
  const names = new Set<string>();
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    for (const e of c.env ?? [])
      if (e.valueFrom?.secretKeyRef?.name)
        names.add(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? [])
      if (e.secretRef?.name) names.add(e.secretRef.name);
  }
  for (const v of pod.volumes ?? []) {
    if (v.secret?.secretName) names.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? [])
      if (s.secret?.name) names.add(s.secret.name);
  }
  return [...names];
}

/** Projects a Deployment, StatefulSet or DaemonSet: its consumed Secrets and rollout state. */
export function projectWorkload(kind: WorkloadKind) {
  return (raw: any): WorkloadProjection => {
    const annotations = Object.fromEntries(
      Object.entries({
        ...raw.spec?.template?.metadata?.annotations,
        ...raw.metadata.annotations,
      }).filter(([k]) => RESTART_ANNOTATION.test(k)),
    ) as Record<string, string>;
    const status = raw.status ?? {};
    const daemon = kind === 'DaemonSet';
    return {
      kind,
      namespace: raw.metadata.namespace,
      name: raw.metadata.name,
      annotations,
      secretNames: podSecretNames(raw.spec?.template?.spec ?? {}),
      generation: raw.metadata.generation,
      observedGeneration: status.observedGeneration,
      replicas: daemon
        ? status.desiredNumberScheduled ?? 0
        : raw.spec?.replicas ?? 1,
      updatedReplicas:
        (daemon ? status.updatedNumberScheduled : status.updatedReplicas) ?? 0,
      availableReplicas:
        (daemon ? status.numberAvailable : status.availableReplicas) ?? 0,
      rolloutComplete: rolloutComplete(kind, raw),
      paused: kind === 'Deployment' && raw.spec?.paused === true,
      managedBy: managedByOf(raw.metadata),
    };
  };
}

const positive = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;

/** Warning events about ESO objects only; others are skipped. */
export function projectWarningEvent(
  raw: any,
): WarningEventProjection | undefined {
  const o = raw.involvedObject ?? raw.regarding;
  if (
    raw.type !== 'Warning' ||
    !String(o?.apiVersion ?? '').startsWith('external-secrets.io/')
  )
    return undefined;
  // core/v1 as client-go's legacy recorder writes it, or events.k8s.io/v1 (series, deprecated*)
  const created = raw.metadata?.creationTimestamp;
  const first =
    raw.firstTimestamp ??
    raw.deprecatedFirstTimestamp ??
    raw.eventTime ??
    created;
  return {
    objectKey: objectKey(o.kind, o.namespace, o.name),
    reason: raw.reason,
    message: raw.message ?? raw.note ?? '',
    at:
      raw.series?.lastObservedTime ??
      raw.lastTimestamp ??
      raw.deprecatedLastTimestamp ??
      raw.eventTime ??
      created,
    firstAt: first,
    count: positive(raw.series?.count ?? raw.count ?? raw.deprecatedCount) ?? 1,
  };
}

export function projectClusterExternalSecret(
  raw: any,
): ClusterExternalSecretProjection {
  return { name: raw.metadata.name };
}

export function objectKey(
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}
