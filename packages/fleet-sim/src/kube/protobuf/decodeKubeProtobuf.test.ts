import { SimClock } from '../../clock/SimClock';
import { rawRequest } from '../__testUtils__/kubeTestClient';
import { createKubeApiServer } from '../createKubeApiServer';
import { ADMIN_RULES } from '../http/accessRules';
import { decodeKubeProtobuf } from './decodeKubeProtobuf';

/** Bodies captured from kubectl v1.32.4 -v=8 (its typed clients send protobuf). */
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// kubectl -n payments create secret generic s2 --from-literal=a=b
const SECRET =
  hex(`6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12 26 0a 1a
  0a 02 73 32 12 00 1a 08 70 61 79 6d 65 6e 74 73 22 00 2a 00 32 00 38 00 42 00
  12 06 0a 01 61 12 01 62 1a 00 1a 00 22 00`);
// kubectl -n payments create token bot --duration=2h --audience=vault
const TOKEN_REQUEST =
  hex(`6b 38 73 00 0a 28 0a 18 61 75 74 68 65 6e 74 69 63 61 74 69 6f 6e
  2e 6b 38 73 2e 69 6f 2f 76 31 12 0c 54 6f 6b 65 6e 52 65 71 75 65 73 74 12 24
  0a 10 0a 00 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 0a 0a 05 76 61 75 6c
  74 20 a0 38 1a 04 0a 00 12 00 1a 00 22 00`);
// kubectl -n payments auth can-i patch deployments.apps/web
const SSAR =
  hex(`6b 38 73 00 0a 32 0a 17 61 75 74 68 6f 72 69 7a 61 74 69 6f 6e 2e
  6b 38 73 2e 69 6f 2f 76 31 12 17 53 65 6c 66 53 75 62 6a 65 63 74 41 63 63 65
  73 73 52 65 76 69 65 77 12 4d 0a 10 0a 00 12 00 1a 00 22 00 2a 00 32 00 38 00
  42 00 12 2f 0a 2d 0a 08 70 61 79 6d 65 6e 74 73 12 05 70 61 74 63 68 1a 04 61
  70 70 73 22 00 2a 0b 64 65 70 6c 6f 79 6d 65 6e 74 73 32 00 3a 03 77 65 62 1a
  08 08 00 12 00 1a 00 20 00 1a 00 22 00`);
// kubectl -n payments create deployment api --image=nginx:1.27 --replicas=0 --port=80
const DEPLOYMENT =
  hex(`6b 38 73 00 0a 15 0a 07 61 70 70 73 2f 76 31 12 0a 44 65 70 6c 6f 79 6d
  65 6e 74 12 c5 01 0a 27 0a 03 61 70 69 12 00 1a 08 70 61 79 6d 65 6e 74 73 22 00
  2a 00 32 00 38 00 42 00 5a 0a 0a 03 61 70 70 12 03 61 70 69 12 8b 01 08 00 12 0c
  0a 0a 0a 03 61 70 70 12 03 61 70 69 1a 71 0a 1c 0a 00 12 00 1a 00 22 00 2a 00 32
  00 38 00 42 00 5a 0a 0a 03 61 70 70 12 03 61 70 69 12 51 12 33 0a 05 6e 67 69 6e
  78 12 0a 6e 67 69 6e 78 3a 31 2e 32 37 2a 00 32 0a 0a 00 10 00 18 50 22 00 2a 00
  42 00 6a 00 72 00 80 01 00 88 01 00 90 01 00 a2 01 00 1a 00 32 00 42 00 4a 00 52
  00 58 00 60 00 68 00 82 01 00 8a 01 00 9a 01 00 c2 01 00 22 02 0a 00 28 00 38 00
  1a 0c 08 00 10 00 18 00 20 00 28 00 38 00 1a 00 22 00`);

describe('protobuf request bodies', () => {
  it('decodes the k8s envelope and the generated messages to the JSON form', () => {
    expect(decodeKubeProtobuf(SECRET)).toEqual({
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's2', namespace: 'payments' },
        data: { a: 'Yg==' },
      },
    });
    expect(decodeKubeProtobuf(TOKEN_REQUEST)).toEqual({
      object: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        metadata: {},
        spec: { audiences: ['vault'], expirationSeconds: 7200 },
      },
    });
    // pointer fields keep their zero (replicas: 0); other zero values are omitted as in JSON
    expect(decodeKubeProtobuf(DEPLOYMENT)).toEqual({
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'api',
          namespace: 'payments',
          labels: { app: 'api' },
        },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: {
              containers: [
                {
                  name: 'nginx',
                  image: 'nginx:1.27',
                  ports: [{ containerPort: 80 }],
                  resources: {},
                },
              ],
            },
          },
          strategy: {},
        },
      },
    });
    expect(decodeKubeProtobuf(SSAR)).toEqual({
      object: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: {},
        spec: {
          resourceAttributes: {
            namespace: 'payments',
            verb: 'patch',
            group: 'apps',
            resource: 'deployments',
            name: 'web',
          },
        },
      },
    });
  });

  it('is accepted by the server for built-in kinds; a custom resource gets a 415, and a protobuf-only Accept a 406, that do not offer it', async () => {
    const clock = new SimClock();
    const server = await createKubeApiServer({ name: 'pb', clock, tls: false });
    try {
      const token = server.issueToken(ADMIN_RULES);
      server.store.create(
        { group: '', resource: 'namespaces' },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      );
      const created = await rawRequest(
        server,
        '/api/v1/namespaces/payments/secrets',
        {
          token,
          method: 'POST',
          body: SECRET.toString('latin1'),
          contentType: 'application/vnd.kubernetes.protobuf',
        },
      );
      // rawRequest sends strings as UTF-8: the latin1 round trip is lossless only below 0x80
      expect(SECRET.every(b => b < 0x80)).toBe(true);
      expect(created.status).toBe(201);
      expect(created.json().data).toEqual({ a: 'Yg==' });
      const custom = await rawRequest(
        server,
        '/apis/external-secrets.io/v1/namespaces/payments/externalsecrets',
        {
          token,
          method: 'POST',
          body: SECRET.toString('latin1'),
          contentType: 'application/vnd.kubernetes.protobuf',
        },
      );
      const protobufOnly = await rawRequest(
        server,
        '/api/v1/namespaces/payments/secrets',
        { token, accept: 'application/vnd.kubernetes.protobuf' },
      );
      expect(protobufOnly.status).toBe(406);
      expect(protobufOnly.json().message).toBe(
        'only the following media types are accepted: application/json, application/yaml',
      );
      expect(custom.status).toBe(415);
      expect(custom.json().message).toBe(
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      );
    } finally {
      await server.stop();
      clock.dispose();
    }
  });
});
