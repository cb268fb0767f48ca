import { SimClock } from '../clock/SimClock';
import {
  createKubeApiServer,
  type KubeApiServerHandle,
} from '../kube/createKubeApiServer';
import {
  RolloutController,
  STATEFULSETS,
  DAEMONSETS,
} from './RolloutController';
import { workload } from './testing/workloadObjects';
import { findKubectl, type Kubectl, kubectlFor } from './testing/kubectl';

const kubectl = findKubectl();

/** `kubectl rollout status` reads the status fields the StatefulSet/DaemonSet controllers set. */
(kubectl ? describe : describe.skip)(
  'workload rollouts seen by kubectl',
  () => {
    let clock: SimClock;
    let server: KubeApiServerHandle;
    let rollout: RolloutController;
    let cli: Kubectl;

    beforeAll(async () => {
      clock = new SimClock();
      // kubectl sends a bearer token only over TLS
      server = await createKubeApiServer({ name: 'rollout', clock, tls: true });
      rollout = new RolloutController({
        store: server.store,
        clock,
        rolloutDurationMs: 1_200,
        nodeCount: 2,
      });
      rollout.start();
      cli = kubectlFor(kubectl!, server, 'default');
    }, 30_000); // TLS key pairs can take seconds on a loaded machine

    afterAll(async () => {
      rollout?.stop();
      cli?.dispose();
      await server?.stop();
      clock.dispose();
    });

    it('waits for a StatefulSet rollout and reports it complete', async () => {
      server.store.create(STATEFULSETS, workload('StatefulSet', 'db', {}, 2));
      const result = await cli.run(
        'rollout',
        'status',
        'statefulset/db',
        '--timeout=20s',
      );
      expect(result.stderr).toBe('');
      const lines = result.stdout.trim().split('\n');
      // RollingUpdate is defaulted with partition 0, so kubectl reports a partitioned roll out
      expect(lines[lines.length - 1]).toBe(
        'partitioned roll out complete: 2 new pods have been updated...',
      );
      expect(
        lines
          .slice(0, -1)
          .every(l => /^Waiting for [12] pods to be ready\.\.\.$/.test(l)),
      ).toBe(true);
      expect(result.code).toBe(0);
    });

    it('waits for a DaemonSet rollout after a template change', async () => {
      server.store.create(DAEMONSETS, workload('DaemonSet', 'agent'));
      const first = await cli.run(
        'rollout',
        'status',
        'daemonset/agent',
        '--timeout=20s',
      );
      expect(first.stdout.trim().split('\n').pop()).toBe(
        'daemon set "agent" successfully rolled out',
      );
      const restarted = await cli.run('rollout', 'restart', 'daemonset/agent');
      expect(restarted.stdout.trim()).toBe('daemonset.apps/agent restarted');
      const second = await cli.run(
        'rollout',
        'status',
        'daemonset/agent',
        '--timeout=20s',
      );
      const lines = second.stdout.trim().split('\n');
      expect(lines).toContain(
        'Waiting for daemon set "agent" rollout to finish: 1 out of 2 new pods have been updated...',
      );
      expect(lines.pop()).toBe('daemon set "agent" successfully rolled out');
    });

    it('lists StatefulSets and DaemonSets with the server-side table columns', async () => {
      const sts = await cli.run('get', 'sts');
      expect(sts.stdout.split('\n')[0].split(/\s+/).filter(Boolean)).toEqual([
        'NAME',
        'READY',
        'AGE',
      ]);
      expect(sts.stdout).toMatch(/^db\s+2\/2\s/m);
      const ds = await cli.run('get', 'ds');
      expect(ds.stdout).toMatch(/^agent\s+2\s+2\s+2\s+2\s+2\s+<none>\s/m);
    });
  },
);
