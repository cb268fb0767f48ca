import { SimClock } from '../clock/SimClock';
import {
  findKubectl,
  type Kubectl,
  kubectlFor,
} from '../workloads/testing/kubectl';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from './createKubeApiServer';

const kubectl = findKubectl();

/** `kubectl get` of the core Events through their events.k8s.io/v1 view, and of Pods/ConfigMaps. */
(kubectl ? describe : describe.skip)(
  'events.k8s.io, Pods and ConfigMaps seen by kubectl',
  () => {
    let clock: SimClock;
    let server: KubeApiServerHandle;
    let cli: Kubectl;

    beforeAll(async () => {
      clock = new SimClock();
      // kubectl sends a bearer token only over TLS
      server = await createKubeApiServer({ name: 'events', clock, tls: true });
      cli = kubectlFor(kubectl!, server, 'default');
      const cm = server.store.create(
        { group: '', resource: 'configmaps' },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: 'default' },
          data: { a: '1', b: '2' },
        },
      );
      server.store.recordEvent(cm, 'Normal', 'Checked', 'looks fine', 'tester');
    }, 30_000); // TLS key pairs can take seconds on a loaded machine

    afterAll(async () => {
      cli?.dispose();
      await server?.stop();
      clock.dispose();
    });

    it('lists events.events.k8s.io with the Event columns and the same objects', async () => {
      const table = await cli.run('get', 'events.events.k8s.io');
      expect(table.stderr).toBe('');
      const [head, row] = table.stdout.trim().split('\n');
      expect(head.split(/\s{2,}/)).toEqual([
        'LAST SEEN',
        'TYPE',
        'REASON',
        'OBJECT',
        'MESSAGE',
      ]);
      expect(row).toMatch(
        /^\S+\s+Normal\s+Checked\s+configmap\/settings\s+looks fine$/,
      );

      const view = JSON.parse(
        (await cli.run('get', 'events.events.k8s.io', '-o', 'json')).stdout,
      );
      // the short name `ev` is shared; kubectl picks the core group, listed first
      const core = JSON.parse(
        (await cli.run('get', 'ev', '-o', 'json')).stdout,
      );
      expect(core.items[0]).toMatchObject({
        apiVersion: 'v1',
        message: 'looks fine',
        involvedObject: { kind: 'ConfigMap', name: 'settings' },
      });
      expect(view.items).toHaveLength(1);
      expect(view.items[0]).toMatchObject({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        note: 'looks fine',
        regarding: { kind: 'ConfigMap', name: 'settings' },
        metadata: {
          name: core.items[0].metadata.name,
          resourceVersion: core.items[0].metadata.resourceVersion,
        },
      });
    });

    it('gets ConfigMaps and Pods with their columns', async () => {
      const cms = await cli.run('get', 'cm');
      expect(cms.stdout).toMatch(/^NAME\s+DATA\s+AGE\n/);
      expect(cms.stdout).toMatch(/^settings\s+2\s+/m);
      server.store.create(
        { group: '', resource: 'pods' },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web-0', namespace: 'default' },
          spec: { containers: [{ name: 'app', image: 'app:1' }] },
        },
      );
      const pods = await cli.run('get', 'pods');
      expect(pods.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
      expect(pods.stdout).toMatch(/^web-0\s+0\/1\s+Pending\s+0\s+/m);
    });
  },
);
