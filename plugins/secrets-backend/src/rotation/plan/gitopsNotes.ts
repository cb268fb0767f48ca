import {
  ES_FORCE_SYNC_ANNOTATION,
  ROTATION_RESTART_ANNOTATION,
  type PlanCluster,
  type PlanGitOpsNote,
} from '@secrets-plugin/plugin-secrets-common';

const TOOL_NAMES = { argocd: 'Argo CD', flux: 'Flux' } as const;

/**
 * What a GitOps tool does with the one annotation the rotation sets on an object it manages.
 * Both tools diff only the fields Git sets (Argo CD's three-way diff and server-side apply, Flux's
 * server-side apply), and the rotation never writes such a field, so the application stays in
 * sync and no sync reverts or fights the rotation. The exception worth naming is Argo CD's
 * replacing sync.
 */
function effect(
  tool: 'argocd' | 'flux',
  what: 'force-sync' | 'restart',
): string {
  const action =
    what === 'force-sync'
      ? 'ESO re-syncs at once; the annotation stays'
      : 'the pods restart once; the annotation stays';
  const base = `${TOOL_NAMES[tool]} does not compare fields Git does not set, so the application stays in sync and a sync does not revert it: ${action}.`;
  // `kubectl replace` keeps nothing Git does not set; Flux's server-side apply has no such mode
  if (tool === 'flux') return base;
  return `${base} A sync with Replace=true drops it again${
    what === 'restart' ? ', which restarts the pods once more' : ''
  }.`;
}

/** The objects of the plan that a GitOps tool manages, with what it does with our annotations. */
export function gitopsNotes(clusters: PlanCluster[]): PlanGitOpsNote[] {
  const notes: PlanGitOpsNote[] = [];
  for (const c of clusters) {
    for (const es of c.externalSecrets) {
      // a ClusterExternalSecret's child is bumped through its parent, not annotated itself
      if (!es.managedBy || es.via) continue;
      notes.push({
        cluster: c.cluster,
        kind: 'ExternalSecret',
        namespace: es.namespace,
        name: es.name,
        tool: es.managedBy,
        annotation: ES_FORCE_SYNC_ANNOTATION,
        effect: effect(es.managedBy, 'force-sync'),
      });
    }
    for (const w of c.workloads) {
      if (!w.managedBy || w.restartedBy !== 'us') continue;
      notes.push({
        cluster: c.cluster,
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        tool: w.managedBy,
        annotation: `spec.template.metadata.annotations["${ROTATION_RESTART_ANNOTATION}"]`,
        effect: effect(w.managedBy, 'restart'),
      });
    }
  }
  return notes;
}
