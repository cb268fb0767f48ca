import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@internal/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { parseLabelSelector } from './labelSelector';

/**
 * Finds an entity's ExternalSecrets in one cluster the way the Kubernetes plugin finds its
 * objects: the label selector annotation if present, else `backstage.io/kubernetes-id` (or the
 * entity name), limited to `backstage.io/kubernetes-namespace` when set.
 */
export function entityExternalSecrets(entity: Entity) {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE];
  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  let matches: (labels: Record<string, string>) => boolean;
  try {
    matches = selector ? parseLabelSelector(selector) : () => true;
  } catch (e) {
    throw new InputError(
      `Invalid ${ANNOTATION_KUBERNETES_LABEL_SELECTOR} on entity: ${
        (e as Error).message
      }`,
    );
  }
  const id = annotations[ANNOTATION_KUBERNETES_ID] || entity.metadata.name;
  return (data: ClusterData): ExternalSecretProjection[] => {
    // the common kubernetes-id path is an index lookup; a selector scans one namespace or cluster
    let candidates: ExternalSecretProjection[];
    if (!selector) candidates = data.externalSecrets.lookup('entityId', id);
    else if (namespace)
      candidates = data.externalSecrets.lookup('namespace', namespace);
    else candidates = [...data.externalSecrets.values()];
    return candidates.filter(
      es => (!namespace || es.namespace === namespace) && matches(es.labels),
    );
  };
}
