/*
 * secretstore.Manager (pkg/controllers/secretstore/client_manager.go): resolves the store an
 * ExternalSecret or PushSecret points at, enforces ClusterSecretStore namespace conditions and
 * the flood gate (a store whose Ready condition is missing or not True fails fast with
 * `<Kind> "<name>" is not ready`), and keeps one provider client per reconcile, closed at the end.
 */
import { RESOURCES } from '../constants';
import { findCondition } from '../conditions';
import type { EsoContext } from '../EsoContext';
import { matchesLabelSelector } from '../labelSelector';
import type { SecretStore, StoreKind, StoreRef } from '../types';
import { cachedNotFound, goQuote } from '../go/goErrors';
import { EsoVaultClient } from '../vault/EsoVaultClient';

export function storeResource(kind: StoreKind) {
  return kind === 'ClusterSecretStore'
    ? RESOURCES.clusterSecretStores
    : RESOURCES.secretStores;
}

export class ClientManager {
  readonly #ctx: EsoContext;
  readonly #floodGate: boolean;
  #current: { key: string; client: EsoVaultClient } | undefined;

  constructor(ctx: EsoContext, floodGate: boolean) {
    this.#ctx = ctx;
    this.#floodGate = floodGate;
  }

  /** Manager.Get: store lookup, namespace conditions, flood gate, then a (cached) client. */
  async get(ref: StoreRef, namespace: string): Promise<EsoVaultClient> {
    const kind: StoreKind = ref.kind ?? 'SecretStore';
    const store = this.#getStore(kind, ref.name, namespace);
    if (store.spec.controller)
      throw new Error('can not reference unmanaged store');
    if (!this.#allowedFromNamespace(store, namespace)) {
      throw new Error(
        `using cluster store ${goQuote(
          store.metadata.name,
        )} is not allowed from namespace ${goQuote(
          namespace,
        )}: denied by spec.condition`,
      );
    }
    if (this.#floodGate) {
      const ready = findCondition(store.status?.conditions, 'Ready');
      if (!ready || ready.status !== 'True')
        throw new Error(`${kind} ${goQuote(store.metadata.name)} is not ready`);
    }
    return this.getFromStore(store, kind, namespace);
  }

  /** Manager.GetFromStore: reuse the client when it is for the same store generation. */
  async getFromStore(
    store: SecretStore,
    kind: StoreKind,
    namespace: string,
  ): Promise<EsoVaultClient> {
    const key = `${kind}/${store.metadata.namespace ?? ''}/${
      store.metadata.name
    }/${store.metadata.generation ?? 0}`;
    if (this.#current?.key === key) return this.#current.client;
    if (this.#current) {
      await this.#current.client.close();
      this.#current = undefined;
    }
    const vault = store.spec.provider?.vault;
    if (!vault)
      throw new Error(
        'received invalid Vault SecretStore resource: only the vault provider is simulated',
      );
    const client = await EsoVaultClient.create({
      store: this.#ctx.store,
      clock: this.#ctx.clock,
      issueServiceAccountToken: this.#ctx.issueServiceAccountToken,
      storeKind: kind,
      namespace,
      spec: vault,
      maxRetries: this.#vaultMaxRetries(store),
    });
    this.#current = { key, client };
    return client;
  }

  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.client.close();
  }

  #vaultMaxRetries(store: SecretStore): number | undefined {
    const retry = store.spec.retrySettings;
    if (retry) return retry.maxRetries ?? 0;
    return this.#ctx.options.vaultMaxRetries;
  }

  /** The store through ESO's cached client: a miss says the Kind, and a missing name is `""`. */
  #getStore(
    kind: StoreKind,
    name: string | undefined,
    namespace: string,
  ): SecretStore {
    const quoted = goQuote(name);
    const notFound = cachedNotFound(kind, RESOURCES.secretStores.group, name);
    if (kind === 'ClusterSecretStore') {
      const found = this.#ctx.store.get(
        RESOURCES.clusterSecretStores,
        undefined,
        name ?? '',
      );
      if (!found) {
        throw new Error(
          `could not get ClusterSecretStore ${quoted}, ${notFound}`,
        );
      }
      return found as SecretStore;
    }
    const found = this.#ctx.store.get(
      RESOURCES.secretStores,
      namespace,
      name ?? '',
    );
    if (!found)
      throw new Error(`could not get SecretStore ${quoted}, ${notFound}`);
    return found as SecretStore;
  }

  #allowedFromNamespace(store: SecretStore, namespace: string): boolean {
    if (store.kind !== 'ClusterSecretStore') return true;
    const conditions = store.spec.conditions ?? [];
    if (conditions.length === 0) return true;
    const ns = this.#ctx.store.get(RESOURCES.namespaces, undefined, namespace);
    if (!ns)
      throw new Error(
        `failed to get a namespace ${goQuote(namespace)}: ${cachedNotFound(
          'Namespace',
          '',
          namespace,
        )}`,
      );
    const labels = ns.metadata.labels ?? {};
    return conditions.some(
      c =>
        (c.namespaceSelector &&
          matchesLabelSelector(c.namespaceSelector, labels)) ||
        (c.namespaces ?? []).some(n =>
          matchesLabelSelector(
            { matchLabels: { 'kubernetes.io/metadata.name': n } },
            labels,
          ),
        ) ||
        (c.namespaceRegexes ?? []).some(r => new RegExp(r).test(namespace)),
    );
  }
}
