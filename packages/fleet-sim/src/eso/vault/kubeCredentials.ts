/*
 * How ESO's Vault provider reads credentials from the cluster: Secret keys through
 * resolvers.SecretKeyRef and service-account JWTs through the TokenRequest API, with the same
 * namespace rules (a ClusterSecretStore may name a namespace; a SecretStore always uses its own)
 * and the same error texts.
 */
import type { ClusterStore } from '../../kube/types';
import { RESOURCES } from '../constants';
import { cachedNotFound, goQuote } from '../go/goErrors';
import type { SecretKeySelector, StoreKind } from '../types';

export interface ServiceAccountTokenIssuer {
  (
    namespace: string,
    name: string,
    options: { audiences?: string[]; expirationSeconds?: number },
  ): Promise<string> | string;
}

function pickNamespace(
  storeKind: StoreKind,
  esNamespace: string,
  refNamespace: string | undefined,
): string {
  return storeKind === 'ClusterSecretStore' && refNamespace !== undefined
    ? refNamespace
    : esNamespace;
}

export function readSecretKey(
  store: ClusterStore,
  storeKind: StoreKind,
  esNamespace: string,
  ref: SecretKeySelector,
): string {
  const namespace = pickNamespace(storeKind, esNamespace, ref.namespace);
  const secret = store.get(RESOURCES.secrets, namespace, ref.name);
  if (!secret) {
    throw new Error(
      `cannot get Kubernetes secret ${goQuote(
        ref.name,
      )} from namespace ${goQuote(namespace)}: secrets ${goQuote(
        ref.name,
      )} not found`,
    );
  }
  const data = (secret.data ?? {}) as Record<string, string>;
  const key = ref.key ?? '';
  if (!Object.hasOwn(data, key))
    throw new Error(`cannot find secret data for key: ${goQuote(key)}`);
  return Buffer.from(data[key], 'base64').toString('utf8');
}

export async function requestServiceAccountToken(
  store: ClusterStore,
  issue: ServiceAccountTokenIssuer,
  storeKind: StoreKind,
  esNamespace: string,
  ref: { name: string; namespace?: string; audiences?: string[] },
): Promise<string> {
  const namespace = pickNamespace(storeKind, esNamespace, ref.namespace);
  const quoted = goQuote(ref.name);
  const sa = store.get(RESOURCES.serviceAccounts, namespace, ref.name);
  // TokenRequest is a subresource of an existing ServiceAccount: 404 when it is missing
  if (sa) {
    try {
      const token = await issue(namespace, ref.name, {
        audiences: ref.audiences,
        expirationSeconds: 600,
      });
      if (token) return token;
    } catch {
      // ESO falls back to a token Secret bound to the service account, then reports that lookup
    }
  }
  const reason = sa
    ? `cannot find secrets bound to service account: ${quoted}`
    : // the fallback reads the ServiceAccount through ESO's cached client (Kind in the NotFound)
      `cannot get Kubernetes service account ${quoted}: ${cachedNotFound(
        'ServiceAccount',
        '',
        ref.name,
      )}`;
  throw new Error(
    `cannot request Kubernetes service account token for service account ${quoted}: ${reason}`,
  );
}
