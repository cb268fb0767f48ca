import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { ClusterConfig } from '../config/types';
import { clusterError } from '../service/clusterSummaries';
import { ClusterWatch } from './ClusterWatch';
import {
  METADATA_LIST_ACCEPT,
  METADATA_PROTOCOL_REQUIRED,
  METADATA_WATCH_ACCEPT,
} from './metadataProtocol';

jest.setTimeout(30_000);

const VALUE = Buffer.from('hunter2-from-vault').toString('base64');

const secret = (rv: string, hash = rv === '4' ? 'h1' : 'h2') => ({
  kind: 'Secret',
  apiVersion: 'v1',
  metadata: {
    name: 'db',
    namespace: 'payments',
    resourceVersion: rv,
    annotations: { 'reconcile.external-secrets.io/data-hash': hash },
  },
  data: { password: VALUE },
});
const partial = (rv: string) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: secret(rv).metadata,
});

/**
 * How the API server under test answers the Secrets list+watch:
 * - `metadata`: as Kubernetes does (PartialObjectMetadataList, PartialObjectMetadata events)
 * - `406`: a server that cannot transform (answers 406 to the `as=` range)
 * - `ignores`: a server or proxy that ignores `as=` and sends full objects
 * - `watchIgnores`: lists metadata-only, but its watch events are full objects
 */
type Mode = 'metadata' | '406' | 'ignores' | 'watchIgnores';

async function fakeApiServer(mode: Mode) {
  const accepts: string[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const json = (body: unknown, code = 200) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/apis/external-secrets.io')
      return json({ versions: [{ version: 'v1' }] });
    const watch = url.searchParams.get('watch') === 'true';
    if (url.pathname !== '/api/v1/secrets') {
      if (!watch)
        return json({
          kind: 'List',
          metadata: { resourceVersion: '5' },
          items: [],
        });
      res.writeHead(200, { 'content-type': 'application/json' });
      open.add(res);
      return undefined;
    }
    accepts.push(String(req.headers.accept));
    if (mode === '406')
      return json(
        {
          kind: 'Status',
          status: 'Failure',
          reason: 'NotAcceptable',
          code: 406,
          message:
            'only the following media types are accepted: application/json, application/yaml',
        },
        406,
      );
    if (!watch)
      return json(
        mode === 'ignores'
          ? {
              kind: 'SecretList',
              apiVersion: 'v1',
              metadata: { resourceVersion: '5' },
              items: [secret('4')],
            }
          : {
              kind: 'PartialObjectMetadataList',
              apiVersion: 'meta.k8s.io/v1',
              metadata: { resourceVersion: '5' },
              items: [partial('4')],
            },
      );
    res.writeHead(200, { 'content-type': 'application/json' });
    open.add(res);
    const object = mode === 'metadata' ? partial('6') : secret('6');
    res.write(`${JSON.stringify({ type: 'MODIFIED', object })}\n`);
    return undefined;
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepts,
    async stop() {
      for (const res of open) res.destroy();
      await new Promise(r => server.close(r));
    },
  };
}

async function watchAgainst(mode: Mode) {
  const api = await fakeApiServer(mode);
  const config: ClusterConfig = {
    name: 'c1',
    url: api.url,
    auth: { type: 'serviceAccount', token: 't' },
    // plain HTTP: client-node allows it only with this set
    skipTLSVerify: true,
    source: 'secrets.clusters',
  };
  const watch = new ClusterWatch(config, {
    maxBackoffMs: 60_000,
    discoveryIntervalMs: 60_000,
    logger: mockServices.logger.mock(),
    now: () => Date.now(),
  });
  watch.start();
  return {
    api,
    watch,
    /** what the cache holds of the Secret */
    cached: () => watch.data.secrets.get('payments/db'),
    async stop() {
      await watch.stop();
      await api.stop();
    },
  };
}

async function until(check: () => boolean) {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('the Secrets watch uses the metadata protocol, strictly', () => {
  it('asks for PartialObjectMetadataList / PartialObjectMetadata only, with no JSON fallback', async () => {
    const t = await watchAgainst('metadata');
    try {
      await until(() => t.api.accepts.length >= 2);
      expect(t.api.accepts.slice(0, 2)).toEqual([
        METADATA_LIST_ACCEPT,
        METADATA_WATCH_ACCEPT,
      ]);
      expect(METADATA_LIST_ACCEPT).toBe(
        'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      );
      await until(() => t.watch.status().state === 'connected');
      // the watch's MODIFIED (data-hash h2) reached the cache
      await until(() => t.cached()?.dataHash === 'h2');
      expect(t.cached()).toEqual({
        namespace: 'payments',
        name: 'db',
        dataHash: 'h2',
        vaultVersion: undefined,
      });
    } finally {
      await t.stop();
    }
  });

  it.each([
    [
      '406',
      /only the following media types are accepted/,
      'NotAcceptable',
      undefined,
    ],
    [
      'ignores',
      /^LIST \/api\/v1\/secrets: expected PartialObjectMetadataList \(meta\.k8s\.io\/v1\), got SecretList v1; the metadata protocol is required/,
      METADATA_PROTOCOL_REQUIRED,
      // the list was refused whole
      undefined,
    ],
    [
      'watchIgnores',
      /^WATCH \/api\/v1\/secrets: expected PartialObjectMetadata \(meta\.k8s\.io\/v1\), got Secret v1/,
      METADATA_PROTOCOL_REQUIRED,
      // what the list gave, not the full object the watch sent (h2)
      'h1',
    ],
  ] as const)(
    'a server that %s: the cluster is degraded with the error in errors[], nothing it sent is cached',
    async (mode, message, reason, cachedHash) => {
      const t = await watchAgainst(mode);
      try {
        await until(() =>
          message.test(t.watch.status().lastError?.message ?? ''),
        );
        expect(t.watch.status()).toMatchObject({
          state: 'degraded',
          lastError: { status: 406, reason },
        });
        expect(clusterError(t.watch, Date.now())).toMatchObject({
          cluster: 'c1',
          message: expect.stringMatching(message),
        });
        expect(t.cached()?.dataHash).toBe(cachedHash);
        expect(JSON.stringify(t.cached() ?? {})).not.toContain(VALUE);
        expect(t.api.accepts.every(a => !a.endsWith(',application/json'))).toBe(
          true,
        );
      } finally {
        await t.stop();
      }
    },
  );
});
