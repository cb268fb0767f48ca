import { SimClock } from '../../clock/SimClock';
import {
  createKubeApiServer,
  type KubeApiServerHandle,
} from '../../kube/createKubeApiServer';
import {
  findKubectl,
  type Kubectl,
  kubectlFor,
} from '../../workloads/testing/kubectl';
import { registerEsoAdmissionWebhooks } from './esoAdmissionWebhook';

// kubectl 1.20 would validate on the client against OpenAPI v2, which is not served: --validate=false
const kubectl = findKubectl();
const HOOK =
  'admission webhook "validate.externalsecret.external-secrets.io" denied the request';

const manifest = (spec: string) => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: db
spec:
  secretStoreRef: {kind: ClusterSecretStore, name: vault}
${spec}`;

(kubectl ? describe : describe.skip)(
  "ESO's admission webhook seen by kubectl",
  () => {
    let clock: SimClock;
    let server: KubeApiServerHandle;
    let cli: Kubectl;

    beforeAll(async () => {
      registerEsoAdmissionWebhooks();
      clock = new SimClock();
      // kubectl sends a bearer token only over TLS
      server = await createKubeApiServer({
        name: 'webhook',
        clock,
        tls: true,
        esoVersions: 'v1',
      });
      server.store.create(
        { group: '', resource: 'namespaces' },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      );
      cli = kubectlFor(kubectl!, server, 'payments');
    }, 30_000); // TLS key pairs can take seconds on a loaded machine

    afterAll(async () => {
      cli?.dispose();
      await server?.stop();
      clock.dispose();
    });

    it('rejects refreshInterval: banana with the decoder error (400, no reason)', async () => {
      const file = cli.file(
        'banana.yaml',
        manifest(`  refreshInterval: banana
  data: [{secretKey: p, remoteRef: {key: payments/db}}]
`),
      );
      const result = await cli.run('apply', '--validate=false', '-f', file);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe(
        `Error from server: error when creating "${file}": ${HOOK}: time: invalid duration "banana"`,
      );
    });

    it('denies an ExternalSecret with neither data nor dataFrom (403 Forbidden)', async () => {
      const file = cli.file('empty.yaml', manifest(''));
      const result = await cli.run('create', '--validate=false', '-f', file);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe(
        `Error from server (Forbidden): error when creating "${file}": ${HOOK}: either data or dataFrom should be specified`,
      );
      expect(
        server.store.get(
          { group: 'external-secrets.io', resource: 'externalsecrets' },
          'payments',
          'db',
        ),
      ).toBeUndefined();
    });
  },
);
