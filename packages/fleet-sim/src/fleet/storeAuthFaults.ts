/*
 * "Break a store's auth" the way it happens in real life, and undo it:
 * - tokenSecretRef: the referenced token is replaced by a token Vault has revoked
 * - appRole: the referenced secret-id is replaced by one Vault never issued
 * - kubernetes (serviceAccountRef): the ServiceAccount is deleted (TokenRequest then 404s)
 * ESO notices at the store's next validation (or at once when the store is bumped), as it would.
 */
import type { ClusterStore, KubeObject } from '../kube/types';
import { randomUUID } from 'node:crypto';
import { REF } from '../scenarios/objects';
import type { SecretKeySelector, SecretStore } from '../eso/types';

export interface StoreLocator {
  kind: 'SecretStore' | 'ClusterSecretStore';
  namespace?: string;
  name: string;
}

interface Undo {
  restore(): void;
}

export class StoreAuthFaults {
  readonly #broken = new Map<string, Undo>();
  readonly store: ClusterStore;
  /** Mints and revokes a Vault token in the given Vault namespace. */
  readonly revokedToken: (vaultNamespace?: string) => string;

  constructor(
    store: ClusterStore,
    revokedToken: (vaultNamespace?: string) => string,
  ) {
    this.store = store;
    this.revokedToken = revokedToken;
  }

  #key(loc: StoreLocator): string {
    return `${loc.kind}/${loc.namespace ?? ''}/${loc.name}`;
  }

  #find(loc: StoreLocator): SecretStore {
    const ref =
      loc.kind === 'ClusterSecretStore'
        ? REF.clusterSecretStores
        : REF.secretStores;
    const found = this.store.get(
      ref,
      loc.kind === 'ClusterSecretStore' ? undefined : loc.namespace,
      loc.name,
    );
    if (!found)
      throw new Error(
        `${loc.kind} ${loc.namespace ? `${loc.namespace}/` : ''}${
          loc.name
        } not found`,
      );
    return found as SecretStore;
  }

  break(loc: StoreLocator): string {
    const key = this.#key(loc);
    if (this.#broken.has(key)) return 'already broken';
    const store = this.#find(loc);
    const auth = store.spec.provider?.vault?.auth;
    const ns = (ref?: { namespace?: string }) =>
      (loc.kind === 'ClusterSecretStore' ? ref?.namespace : loc.namespace) ??
      'default';
    if (auth?.tokenSecretRef) {
      this.#broken.set(
        key,
        this.#replaceSecretKey(
          ns(auth.tokenSecretRef),
          auth.tokenSecretRef,
          this.revokedToken(store.spec.provider?.vault?.namespace),
        ),
      );
      return 'token replaced by a revoked token';
    }
    if (auth?.appRole) {
      this.#broken.set(
        key,
        this.#replaceSecretKey(
          ns(auth.appRole.secretRef),
          auth.appRole.secretRef,
          randomUUID(),
        ),
      );
      return 'AppRole secret-id replaced by an unknown one';
    }
    const sa = auth?.kubernetes?.serviceAccountRef;
    if (sa) {
      const namespace = ns(sa);
      const existing = this.store.get(REF.serviceAccounts, namespace, sa.name);
      if (existing) this.store.delete(REF.serviceAccounts, namespace, sa.name);
      this.#broken.set(key, {
        restore: () => {
          if (!this.store.get(REF.serviceAccounts, namespace, sa.name)) {
            this.store.create(REF.serviceAccounts, {
              apiVersion: 'v1',
              kind: 'ServiceAccount',
              metadata: { name: sa.name, namespace },
            });
          }
        },
      });
      return `ServiceAccount ${namespace}/${sa.name} deleted`;
    }
    throw new Error(
      'store auth is not tokenSecretRef, appRole or kubernetes.serviceAccountRef',
    );
  }

  fix(loc: StoreLocator): boolean {
    const key = this.#key(loc);
    const undo = this.#broken.get(key);
    if (!undo) return false;
    undo.restore();
    this.#broken.delete(key);
    return true;
  }

  #replaceSecretKey(
    namespace: string,
    ref: SecretKeySelector,
    value: string,
  ): Undo {
    const secret = this.store.get(REF.secrets, namespace, ref.name);
    if (!secret) throw new Error(`secret ${namespace}/${ref.name} not found`);
    const key = ref.key ?? '';
    const original = (secret.data as Record<string, string> | undefined)?.[key];
    this.store.mergePatch(REF.secrets, namespace, ref.name, {
      data: { [key]: Buffer.from(value).toString('base64') },
    });
    return {
      restore: () => {
        this.store.mergePatch(REF.secrets, namespace, ref.name, {
          data: { [key]: original ?? null },
        } as Partial<KubeObject>);
      },
    };
  }
}
