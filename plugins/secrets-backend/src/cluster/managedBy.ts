/** A GitOps tool that owns an object: it would revert, or fight, edits made outside Git. */
export type ManagedBy = 'argocd' | 'flux';

const FLUX_LABELS = [
  'kustomize.toolkit.fluxcd.io/name',
  'helm.toolkit.fluxcd.io/name',
];
const ARGOCD_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
/** Argo CD's default (label) tracking method; Helm sets it too, so Flux's labels win. */
const ARGOCD_TRACKING_LABEL = 'app.kubernetes.io/instance';

/** From the tracking labels/annotations Argo CD and Flux put on what they apply. */
export function managedByOf(metadata: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}): ManagedBy | undefined {
  const labels = metadata.labels ?? {};
  if (FLUX_LABELS.some(l => labels[l])) return 'flux';
  if (metadata.annotations?.[ARGOCD_TRACKING_ANNOTATION]) return 'argocd';
  if (labels[ARGOCD_TRACKING_LABEL]) return 'argocd';
  return undefined;
}
