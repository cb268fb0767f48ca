/* eslint-disable no-console */
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SimClock } from '../src/clock/SimClock';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../src/kube/createKubeApiServer';
import { ADMIN_RULES } from '../src/kube/http/accessRules';

/**
 * Micro benchmark of the simulated API server (plain HTTP, client and server in one process):
 * - LIST throughput with 100k ExternalSecrets (one full list, then kubectl-style pages of 500)
 * - watch fan-out: events/s delivered to 200 concurrent watches
 * Run: npm run bench (packages/fleet-sim). OBJECTS / WATCHES / UPDATES env vars override the sizes;
 * TLS=1 serves HTTPS with the generated CA.
 */
const OBJECTS = Number(process.env.OBJECTS ?? 100_000);
const NAMESPACES = 100;
const WATCHES = Number(process.env.WATCHES ?? 200);
const UPDATES = Number(process.env.UPDATES ?? 1_000);
const ES = { group: 'external-secrets.io', resource: 'externalsecrets' };
const TLS = process.env.TLS === '1';

function request(
  server: KubeApiServerHandle,
  token: string,
  path: string,
  onResponse: Parameters<typeof httpRequest>[2],
) {
  const options: RequestOptions & { ca?: Buffer } = {
    headers: { Authorization: `Bearer ${token}` },
  };
  if (server.caData) options.ca = Buffer.from(server.caData, 'base64');
  const send = server.url.startsWith('https:') ? httpsRequest : httpRequest;
  return send(new URL(path, server.url), options, onResponse);
}

function get(
  server: KubeApiServerHandle,
  token: string,
  path: string,
): Promise<{ bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(server, token, path, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ bytes: body.length, body: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A watch client that only counts lines, so the client side stays cheap. */
function countingWatch(
  server: KubeApiServerHandle,
  token: string,
  path: string,
  onLine: () => void,
): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(server, token, path, res => {
      res.on('data', (chunk: Buffer) => {
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1))
          onLine();
      });
      resolve(() => req.destroy());
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const clock = new SimClock();
  const server = await createKubeApiServer({
    name: 'bench',
    clock,
    tls: TLS,
    historySize: 20_000,
  });
  const token = server.issueToken(ADMIN_RULES);
  const store = server.store;

  let t = performance.now();
  for (let n = 0; n < NAMESPACES; n++) {
    store.create(
      { group: '', resource: 'namespaces' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } },
    );
  }
  for (let i = 0; i < OBJECTS; i++) {
    store.create(ES, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: `es-${i}`,
        namespace: `ns-${i % NAMESPACES}`,
        labels: { app: `app-${i % 50}` },
      },
      spec: {
        secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        target: { name: `secret-${i}` },
        data: [
          {
            secretKey: 'password',
            remoteRef: { key: `team/app-${i % 50}`, property: 'password' },
          },
        ],
      },
    });
  }
  const seedSeconds = (performance.now() - t) / 1000;
  console.log(
    `seed: ${OBJECTS} ExternalSecrets created in-process in ${seedSeconds.toFixed(
      1,
    )} s (${Math.round(OBJECTS / seedSeconds)} creates/s, schema-validated)`,
  );
  console.log(
    `heap after seed: ${Math.round(
      process.memoryUsage().heapUsed / 1024 / 1024,
    )} MiB`,
  );

  const path = '/apis/external-secrets.io/v1/externalsecrets';
  await get(server, token, `${path}?limit=1`); // warm-up
  for (const label of ['full list (cold JSON cache)', 'full list (warm)']) {
    t = performance.now();
    const { bytes, body } = await get(server, token, path);
    const seconds = (performance.now() - t) / 1000;
    const items = JSON.parse(body).items.length;
    console.log(
      `${label}: ${items} objects, ${(bytes / 1024 / 1024).toFixed(
        1,
      )} MiB received in ${(seconds * 1000).toFixed(0)} ms = ${Math.round(
        items / seconds,
      )} objects/s`,
    );
  }
  t = performance.now();
  let pages = 0;
  let listed = 0;
  let cont: string | undefined;
  do {
    const page = JSON.parse(
      (
        await get(
          server,
          token,
          `${path}?limit=500${
            cont ? `&continue=${encodeURIComponent(cont)}` : ''
          }`,
        )
      ).body,
    );
    listed += page.items.length;
    pages++;
    cont = page.metadata.continue;
  } while (cont);
  const pagedSeconds = (performance.now() - t) / 1000;
  console.log(
    `paged list (limit=500, client parses JSON): ${listed} objects in ${pages} pages, ${(
      pagedSeconds * 1000
    ).toFixed(0)} ms = ${Math.round(listed / pagedSeconds)} objects/s`,
  );
  t = performance.now();
  const selected = JSON.parse(
    (await get(server, token, `${path}?labelSelector=app%3Dapp-7`)).body,
  ).items.length;
  console.log(
    `label-selected list: ${selected} of ${OBJECTS} in ${(
      performance.now() - t
    ).toFixed(0)} ms`,
  );

  let delivered = 0;
  const rv = store.resourceVersion;
  const closers = await Promise.all(
    Array.from({ length: WATCHES }, () =>
      countingWatch(
        server,
        token,
        `${path}?watch=1&resourceVersion=${rv}`,
        () => delivered++,
      ),
    ),
  );
  const expected = WATCHES * UPDATES;
  t = performance.now();
  const allDelivered = new Promise<void>(resolve => {
    const check = setInterval(() => {
      if (delivered >= expected) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });
  for (let i = 0; i < UPDATES; i++) {
    store.mergePatch(ES, `ns-${i % NAMESPACES}`, `es-${i}`, {
      metadata: { annotations: { 'force-sync': String(i) } },
    });
    if (i % 50 === 49) await new Promise(resolve => setImmediate(resolve));
  }
  await allDelivered;
  const fanoutSeconds = (performance.now() - t) / 1000;
  console.log(
    `watch fan-out: ${UPDATES} updates x ${WATCHES} watches = ${delivered} events in ${(
      fanoutSeconds * 1000
    ).toFixed(0)} ms = ${Math.round(
      delivered / fanoutSeconds,
    )} events/s delivered`,
  );

  closers.forEach(close => close());
  await server.stop();
  clock.dispose();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
