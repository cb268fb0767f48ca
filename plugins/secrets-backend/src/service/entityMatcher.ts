import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { parseLabelSelector } from './labelSelector';

/**
 * Finds an entity's ExternalSecrets in one cluster the way the Kubernetes plugin finds its
 * objects: the label selector annotation if present, else `backstage.io/kubernetes-id` (or the
 * entity name), limited to `backstage.io/kubernetes-namespace` when set.
 */
export interface EntityMatcher {
  /** Equal for two entities exactly when they match the same ExternalSecrets. */
  key: string;
  /** Read-only: may be the cache's own index list. */
  find(data: ClusterData): readonly ExternalSecretProjection[];
}

export function entityExternalSecrets(entity: Entity): EntityMatcher {
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
  const key = JSON.stringify(
    selector ? ['selector', selector, namespace] : ['id', id, namespace],
  );
  const find = (data: ClusterData): readonly ExternalSecretProjection[] => {
    // the common kubernetes-id path is an index lookup; a selector scans one namespace or cluster
    if (!selector) {
      const labelled = data.externalSecrets.lookup('entityId', id);
      return namespace
        ? labelled.filter(es => es.namespace === namespace)
        : labelled;
    }
    const candidates = namespace
      ? data.externalSecrets.lookup('namespace', namespace)
      : [...data.externalSecrets.values()];
    return candidates.filter(es => matches(es.labels));
  };
  return { key, find };
}
