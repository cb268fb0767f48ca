/*
 * stakater/Reloader's decision and mechanics for Secrets (v1.4.14, pkg/common/common.go
 * ShouldReload, internal/pkg/handler/upgrade.go, internal/pkg/util/util.go), with default flags:
 * - a Secret "changed" when SHA1 of its sorted `key=value` pairs (joined by ';') changed
 * - a workload reloads for `secret.reloader.stakater.com/reload: "a,b"` (anchored regexes),
 *   `reloader.stakater.com/auto: "true"`, `secret.reloader.stakater.com/auto: "true"`, or
 *   `reloader.stakater.com/search: "true"` with the Secret annotated `reloader.stakater.com/match: "true"`;
 *   workload annotations win, pod-template annotations are the fallback; a Secret annotated
 *   `reloader.stakater.com/ignore: "true"` or excluded by `secrets.exclude.reloader.stakater.com/reload`
 *   never reloads anything
 * - env-vars strategy (default): env `STAKATER_<NAME>_SECRET=<sha1>` on the container using the
 *   Secret (first container for named reloads); annotations strategy: pod-template annotation
 *   `reloader.stakater.com/last-reloaded-from` with the JSON ReloadSource
 */
import { createHash } from 'node:crypto';

export const RELOADER = {
  reload: 'secret.reloader.stakater.com/reload',
  auto: 'reloader.stakater.com/auto',
  typedAuto: 'secret.reloader.stakater.com/auto',
  search: 'reloader.stakater.com/search',
  match: 'reloader.stakater.com/match',
  ignore: 'reloader.stakater.com/ignore',
  exclude: 'secrets.exclude.reloader.stakater.com/reload',
  lastReloadedFrom: 'reloader.stakater.com/last-reloaded-from',
} as const;

/** util.GetSHAfromSecret over decoded values. */
export function secretSha(data: Record<string, string> | undefined): string {
  const values = Object.entries(data ?? {}).map(
    ([k, v]) => `${k}=${Buffer.from(v, 'base64').toString('latin1')}`,
  );
  values.sort((a, b) =>
    Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')),
  );
  return createHash('sha1')
    .update(Buffer.from(values.join(';'), 'latin1'))
    .digest('hex');
}

/** util.ConvertToEnvVarName: upper-case, non-alphanumerics collapse to a single `_`. */
export function envVarName(secretName: string): string {
  let out = '';
  let lastValid = false;
  for (const ch of secretName.toUpperCase()) {
    if (/[A-Z0-9]/.test(ch)) {
      out += ch;
      lastValid = true;
    } else {
      if (lastValid) out += '_';
      lastValid = false;
    }
  }
  return `STAKATER_${out}_SECRET`;
}

export interface ReloadDecision {
  reload: boolean;
  auto: boolean;
}

const parseBool = (v: string | undefined) =>
  v !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);

export function shouldReload(
  secretName: string,
  secretAnnotations: Record<string, string> | undefined,
  workloadAnnotations: Record<string, string> | undefined,
  podAnnotations: Record<string, string> | undefined,
): ReloadDecision {
  const no = { reload: false, auto: false };
  if (secretAnnotations?.[RELOADER.ignore] === 'true') return no;
  let annotations = workloadAnnotations ?? {};
  const exclude = annotations[RELOADER.exclude];
  const has = (k: string) => Object.hasOwn(annotations, k);
  if (
    !has(RELOADER.reload) &&
    !has(RELOADER.auto) &&
    !has(RELOADER.typedAuto) &&
    !has(RELOADER.search)
  ) {
    annotations = podAnnotations ?? {};
  }
  if (exclude && exclude.split(',').some(n => n.trim() === secretName))
    return no;
  for (const value of (annotations[RELOADER.reload] ?? '').split(',')) {
    try {
      if (new RegExp(`^${value.trim()}$`).test(secretName))
        return { reload: true, auto: false };
    } catch {
      // Reloader logs the invalid regex and keeps going
    }
  }
  if (
    annotations[RELOADER.search] === 'true' &&
    secretAnnotations?.[RELOADER.match] === 'true'
  ) {
    return { reload: true, auto: true };
  }
  if (
    parseBool(annotations[RELOADER.auto]) ||
    parseBool(annotations[RELOADER.typedAuto])
  )
    return { reload: true, auto: true };
  return no;
}

interface Container {
  name: string;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name?: string } };
  }>;
  envFrom?: Array<{ secretRef?: { name?: string } }>;
  volumeMounts?: Array<{ name: string }>;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Array<{
    name: string;
    secret?: { secretName?: string };
    projected?: { sources?: Array<{ secret?: { name?: string } }> };
  }>;
}

function usesByEnv(c: Container, secretName: string): boolean {
  return (
    (c.env ?? []).some(e => e.valueFrom?.secretKeyRef?.name === secretName) ||
    (c.envFrom ?? []).some(e => e.secretRef?.name === secretName)
  );
}

/** getContainerUsingResource: the container to stamp, or undefined (NoContainerFound). */
export function containerUsingSecret(
  pod: PodSpec,
  secretName: string,
  auto: boolean,
): Container | undefined {
  const containers = pod.containers ?? [];
  const inits = pod.initContainers ?? [];
  const volume = (pod.volumes ?? []).find(
    v =>
      v.secret?.secretName === secretName ||
      (v.projected?.sources ?? []).some(s => s.secret?.name === secretName),
  );
  if (volume) {
    const c = containers.find(x =>
      (x.volumeMounts ?? []).some(m => m.name === volume.name),
    );
    if (c) return c;
    if (
      inits.some(x => (x.volumeMounts ?? []).some(m => m.name === volume.name))
    )
      return containers[0];
  }
  const byEnv = containers.find(c => usesByEnv(c, secretName));
  if (byEnv) return byEnv;
  if (inits.some(c => usesByEnv(c, secretName))) return containers[0];
  return auto ? undefined : containers[0];
}
