/*
 * docs/cluster-access.md says which of deploy/rbac.yaml's rules the plugin uses and what it does
 * without one. Against the demo fleet, whose RBAC authorizer enforces the ClusterRole as stored:
 * under the shipped role (no `get` anywhere, nothing on events.k8s.io) the plugin watches every
 * cluster, rotates with restarts and revalidates; without `patch` on workloads a rotation that
 * must restart one is denied by `plugin-permissions` before it writes, and without `patch` on
 * stores a revalidation answers `failed` for each store.
 */
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { eventually } from '../__testUtils__/demoFleet';
import {
  startRotationBackend,
  vaultKey,
  type RotationBackend,
} from '../__testUtils__/rotationBackend';

jest.setTimeout(180_000);

const CLUSTER_ROLES = {
  group: 'rbac.authorization.k8s.io',
  resource: 'clusterroles',
};
const ROLE = 'backstage-secrets-plugin';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function shippedRules(fleet: FleetHandle): Rule[] {
  return (fleet.clusters[0].store.get(CLUSTER_ROLES, undefined, ROLE) as any)
    .rules;
}

/** The ClusterRole of every cluster, replaced as `kubectl apply` of an edited file would. */
function setRules(fleet: FleetHandle, rules: Rule[]) {
  for (const c of fleet.clusters)
    c.store.mergePatch(CLUSTER_ROLES, undefined, ROLE, { rules });
}

const without = (
  rules: Rule[],
  drop: (rule: Rule) => Rule | undefined,
): Rule[] => rules.flatMap(r => drop(r) ?? []);

describe("docs/cluster-access.md: the plugin's rules, tried one way and the other", () => {
  let fleet: FleetHandle;
  let b: RotationBackend;
  let minimal: Rule[];

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    // the page's role is the shipped file as it is: nothing left to drop
    minimal = shippedRules(fleet);
    // resolves only once every cluster is connected: every watcher listed under the shipped role
    b = await startRotationBackend({ fleet });
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await fleet?.stop();
  });

  it('the shipped role has no get and no events.k8s.io: every cluster is watched, nothing is forbidden', async () => {
    expect(
      minimal.some(
        r => r.verbs.includes('get') || r.apiGroups.includes('events.k8s.io'),
      ),
    ).toBe(false);
    const res = await b.call('get', '/fleet');
    expect(res.body.errors).toEqual([]);
    expect(res.body.clusters.map((c: any) => [c.name, c.state])).toEqual([
      ['dev-eu', 'connected'],
      ['prod-eu', 'connected'],
      ['prod-us', 'connected'],
    ]);
    const tab = await b.call(
      'get',
      '/entities/default/component/checkout-web/secrets',
    );
    expect(tab.status).toBe(200);
    // Warning events, watched through core/v1 only, still give the rows their causes
    const rows = tab.body.groups.flatMap((g: any) => g.rows);
    expect(
      rows.some((r: any) => r.causeInfo?.source === 'event' && r.cause),
    ).toBe(true);
  });

  it('rotates with the restart of a workload nothing else restarts, and revalidates', async () => {
    // as in rotation.test.ts: the refreshInterval 0 copy would block any rotation of the key
    fleet
      .cluster('dev-eu')
      .store.delete(
        { group: 'external-secrets.io', resource: 'externalsecrets' },
        'payments',
        'ledger-worker-bootstrap',
      );
    const before = vaultKey(fleet, 'ledger-worker/kafka')!.version;
    const started = await eventually(async () => {
      const res = await b.rotate('ledger-worker', 'ledger-worker/kafka');
      return res.status === 202 ? res : undefined;
    }, 15_000);
    const done = await b.waitFor(started.body.id);
    expect(done.state).toBe('succeeded');
    expect(vaultKey(fleet, 'ledger-worker/kafka')!.version).toBe(before + 1);
    for (const c of fleet.clusters)
      expect(
        (
          c.store.get(
            { group: 'apps', resource: 'deployments' },
            'payments',
            'ledger-worker',
          ) as any
        ).spec.template.metadata.annotations['secrets.backstage.io/rotation'],
      ).toBe(started.body.id);

    const revalidated = await b.call('post', '/stores/revalidate', {
      dryRun: false,
    });
    expect(revalidated.status).toBe(200);
    expect(revalidated.body.results.length).toBeGreaterThan(0);
    expect(
      revalidated.body.results.filter((r: any) => r.outcome === 'failed'),
    ).toEqual([]);
  });

  it('without patch on workloads, a rotation that must restart one is denied before it writes', async () => {
    setRules(
      fleet,
      without(minimal, r =>
        r.apiGroups.includes('apps')
          ? { ...r, verbs: r.verbs.filter(v => v !== 'patch') }
          : r,
      ),
    );
    const before = vaultKey(fleet, 'ledger-worker/kafka')!.version;
    const dryRun = await b.call('post', '/rotations', {
      entityRef: 'component:default/ledger-worker',
      groupId: await b.groupOf('ledger-worker', 'ledger-worker/kafka'),
      reason: 'kafka credentials rotation',
    });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.allowed).toBe(false);
    const verdict = dryRun.body.verdicts.find(
      (v: any) => v.ruleId === 'plugin-permissions',
    );
    expect(verdict.outcome).toBe('deny');
    expect(verdict.message).toMatch(
      /patch deployments payments\/ledger-worker/,
    );
    expect(vaultKey(fleet, 'ledger-worker/kafka')!.version).toBe(before);
  });

  it('without patch on stores, Revalidate answers failed for each store it would bump', async () => {
    setRules(
      fleet,
      without(minimal, r =>
        r.verbs.includes('patch') && r.resources.includes('secretstores')
          ? {
              ...r,
              resources: r.resources.filter(
                x => x !== 'secretstores' && x !== 'clustersecretstores',
              ),
            }
          : r,
      ),
    );
    const res = await b.call('post', '/stores/revalidate', { dryRun: false });
    expect(res.status).toBe(200);
    const stores = res.body.results.filter((r: any) =>
      ['SecretStore', 'ClusterSecretStore'].includes(r.kind),
    );
    expect(stores.length).toBeGreaterThan(0);
    for (const s of stores)
      expect({
        name: s.name,
        outcome: s.outcome,
        forbidden: /forbidden/i.test(s.message ?? ''),
      }).toEqual({
        name: s.name,
        outcome: 'failed',
        forbidden: true,
      });
  });
});
