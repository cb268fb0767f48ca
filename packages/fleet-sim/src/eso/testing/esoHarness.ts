/*
 * Test bench for the ESO controllers: a real in-memory cluster store (CRD defaulting and
 * validation), a real simulated Vault over HTTP, and a ManualClock so backoff and intervals can be
 * asserted to the millisecond. `advance` lets in-flight Vault round trips finish before time moves.
 */
import { InMemoryClusterStore } from '../../kube/store/InMemoryClusterStore';
import type { KubeObject } from '../../kube/types';
import { startVaultServer } from '../../vault';
import type { VaultServerHandle } from '../../vault';
import { RESOURCES } from '../constants';
import { EsoController } from '../EsoController';
import type { EsoOptions } from '../EsoContext';
import { waitForQuiescence } from '../runtime/quiescence';
import { ManualClock } from './ManualClock';

export interface EsoHarness {
  clock: ManualClock;
  store: InMemoryClusterStore;
  vault: VaultServerHandle;
  eso: EsoController;
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
  events(name: string, reason?: string): KubeObject[];
  stop(): Promise<void>;
}

export const settleIo = waitForQuiescence;

export async function startEsoHarness(
  options: EsoOptions = {},
): Promise<EsoHarness> {
  const clock = new ManualClock();
  const store = new InMemoryClusterStore({ name: 'test', clock });
  const vault = await startVaultServer({ clock });
  vault.engine.enableKv({ path: 'secret', version: 2 });
  store.create(RESOURCES.namespaces, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'payments' },
  });
  const eso = new EsoController({
    store,
    clock,
    issueServiceAccountToken: () => {
      throw new Error('no TokenRequest in this harness');
    },
    options: { vaultMaxRetries: 0, ...options },
  });
  eso.start();
  return {
    clock,
    store,
    vault,
    eso,
    settle: settleIo,
    advance: ms => clock.advance(ms, settleIo),
    events: (name, reason) =>
      store
        .list({ group: '', resource: 'events' })
        .filter(
          e =>
            (e.involvedObject as { name: string }).name === name &&
            (!reason || e.reason === reason),
        ),
    async stop() {
      eso.stop();
      await vault.stop();
      clock.dispose();
    },
  };
}

export function tokenSecret(
  namespace: string,
  name: string,
  token: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    data: { token: Buffer.from(token).toString('base64') },
  };
}

export function clusterStore(
  name: string,
  server: string,
  tokenRef: { name: string; namespace: string },
  extra: object = {},
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name },
    spec: {
      provider: {
        vault: {
          server,
          path: 'secret',
          version: 'v2',
          auth: { tokenSecretRef: { ...tokenRef, key: 'token' } },
        },
      },
      ...extra,
    },
  };
}

export function externalSecret(
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'payments', ...metadata },
    spec: {
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name },
      data: [
        {
          secretKey: 'password',
          remoteRef: { key: 'payments/db', property: 'password' },
        },
      ],
      ...spec,
    },
  };
}
