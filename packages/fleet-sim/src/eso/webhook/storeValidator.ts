/*
 * ESO v2.9's SecretStore / ClusterSecretStore admission checks (apis/externalsecrets/v1/
 * secretstore_validator.go validateStore, provider_schema.go GetProvider, and the Vault
 * provider's ValidateStore in providers/v1/vault/validate.go). validateStore stops at the first
 * failing check, so there is at most one error.
 */
import { goQuote } from '../go/goErrors';
import { parseGoDuration } from '../go/goDuration';
import type { KubeObject } from '../../kube/types';
import { goRegexpError } from './goRegexp';

type Spec = Record<string, any>;

const NAMESPACE_NOT_ALLOWED =
  'namespace should either be empty or match the namespace of the SecretStore for a namespaced SecretStore';

function validateConditions(spec: Spec): string | undefined {
  const errs: string[] = [];
  (spec.conditions ?? []).forEach((condition: Spec, ci: number) => {
    (condition?.namespaceRegexes ?? []).forEach((r: string, ri: number) => {
      const err = goRegexpError(String(r));
      if (err)
        errs.push(
          `failed to compile ${ri}th namespace regex in ${ci}th condition: ${err}`,
        );
    });
  });
  return errs.length ? errs.join('\n') : undefined;
}

/** SecretStoreSpec.GetRefreshInterval's error, without the controller's prefix. */
function validateRefreshInterval(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number')
    return value < 0
      ? `invalid refreshInterval ${value}: must not be negative`
      : undefined;
  const text = String(value);
  let ms: number;
  try {
    ms = parseGoDuration(text);
  } catch (error) {
    return `invalid refreshInterval ${goQuote(text)}: ${
      (error as Error).message
    }`;
  }
  return ms < 0
    ? `invalid refreshInterval ${goQuote(text)}: must not be negative`
    : undefined;
}

function validateProviderCount(
  store: KubeObject,
  spec: Spec,
): string | undefined {
  const backends = Object.entries(spec.provider ?? {}).filter(
    ([, v]) => v !== null && v !== undefined,
  ).length;
  if (backends !== 1)
    return `store error for ${store.metadata.name}: secret stores must only have exactly one backend specified, found ${backends}`;
  return undefined;
}

/** esutils.ValidateReferentSecretSelector / ValidateReferentServiceAccountSelector. */
function referent(
  store: KubeObject,
  ref: Spec | undefined,
): string | undefined {
  if (
    store.kind !== 'ClusterSecretStore' &&
    ref?.namespace !== undefined &&
    ref.namespace !== store.metadata.namespace
  )
    return NAMESPACE_NOT_ALLOWED;
  return undefined;
}

function validateVault(store: KubeObject, vault: Spec): string | undefined {
  const auth = (vault.auth ?? undefined) as Spec | undefined;
  const check = (ref: Spec | undefined, wrap: string) => {
    const err = referent(store, ref);
    return err ? wrap.replace('%w', err) : undefined;
  };
  const first = (...results: Array<() => string | undefined>) => {
    for (const r of results) {
      const err = r();
      if (err) return err;
    }
    return undefined;
  };
  const authErr =
    auth &&
    first(
      () => {
        const ar = auth.appRole;
        if (!ar) return undefined;
        const secretErr = check(
          ar.secretRef,
          'invalid Auth.AppRole.SecretRef: %w',
        );
        if (secretErr || ar.roleId) return secretErr;
        if (ar.roleRef)
          return check(ar.roleRef, 'invalid Auth.AppRole.RoleRef: %w');
        return 'invalid Auth.AppRole: neither `roleId` nor `roleRef` was supplied';
      },
      () =>
        auth.cert &&
        (check(auth.cert.clientCert, 'invalid Auth.Cert.ClientCert: %w') ??
          check(auth.cert.secretRef, 'invalid Auth.Cert.SecretRef: %w')),
      () => {
        const jwt = auth.jwt;
        if (!jwt) return undefined;
        if (jwt.secretRef)
          return check(jwt.secretRef, 'invalid Auth.Jwt.SecretRef: %w');
        if (jwt.kubernetesServiceAccountToken)
          return check(
            jwt.kubernetesServiceAccountToken.serviceAccountRef,
            'invalid Auth.Jwt.KubernetesServiceAccountToken.ServiceAccountRef: %w',
          );
        return 'neither `secretRef` nor `kubernetesServiceAccountToken` was supplied as token source for jwt authentication';
      },
      () =>
        auth.kubernetes &&
        (check(
          auth.kubernetes.serviceAccountRef,
          'invalid Auth.Kubernetes.ServiceAccountRef: %w',
        ) ??
          check(
            auth.kubernetes.secretRef,
            'invalid Auth.Kubernetes.SecretRef: %w',
          )),
      () =>
        auth.ldap &&
        check(auth.ldap.secretRef, 'invalid Auth.Ldap.SecretRef: %w'),
      () =>
        auth.userPass &&
        check(auth.userPass.secretRef, 'invalid Auth.UserPass.SecretRef: %w'),
      () => check(auth.tokenSecretRef, 'invalid Auth.TokenSecretRef: %w'),
    );
  if (authErr) return authErr;
  const tls = (vault.tls ?? {}) as Spec;
  if (tls.certSecretRef && tls.keySecretRef) {
    return (
      check(tls.certSecretRef, 'invalid ClientTLS.ClientCert: %w') ??
      check(tls.keySecretRef, 'invalid ClientTLS.SecretRef: %w')
    );
  }
  if (tls.certSecretRef || tls.keySecretRef)
    return 'when provided, both ClientTLS.ClientCert and ClientTLS.SecretRef should be provided';
  if (vault.checkAndSet?.required && vault.version === 'v1')
    return 'checkAndSet is not supported with Vault KV version v1';
  return undefined;
}

/** validateStore's error, or undefined when the store is admitted. */
export function validateStore(store: KubeObject): string | undefined {
  const spec = (store.spec ?? {}) as Spec;
  return (
    validateConditions(spec) ??
    validateRefreshInterval(spec.refreshInterval) ??
    validateProviderCount(store, spec) ??
    (spec.provider?.vault
      ? validateVault(store, spec.provider.vault)
      : undefined)
  );
}
