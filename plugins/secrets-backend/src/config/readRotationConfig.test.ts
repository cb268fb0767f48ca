import { ConfigReader } from '@backstage/config';
import { readRotationConfig } from './readRotationConfig';

const read = (secrets: object) =>
  readRotationConfig(new ConfigReader({ secrets }));

describe('readRotationConfig', () => {
  it('has safe defaults when nothing is configured: no tenant, so nothing can be rotated', () => {
    expect(read({})).toEqual({
      policy: { tenants: [], minReasonLength: 10, environments: {} },
      defaultRotator: 'random',
      verifyTimeoutMs: 300_000,
      restartTimeoutMs: 600_000,
      approval: { environments: {} },
      schedules: [],
      scheduleIntervalMs: 300_000,
    });
  });

  it('reads four-eyes approval per environment and rotation schedules', () => {
    const config = read({
      rotation: {
        environments: {
          prod: {
            approval: {
              approvers: ['group:default/platform'],
              expiresAfter: '1d',
            },
          },
          dev: { cooldown: { hours: 1 } },
        },
        schedules: [{ path: 'secret/payments-api/*', every: '30d' }],
      },
    });
    expect(config.approval).toEqual({
      environments: {
        prod: {
          approvers: ['group:default/platform'],
          expiresAfterMs: 86_400_000,
        },
        dev: undefined,
      },
    });
    expect(config.schedules).toEqual([
      { path: 'secret/payments-api/*', everyMs: 30 * 86_400_000, every: '30d' },
    ]);
    expect(() =>
      read({
        rotation: {
          environments: {
            prod: { approval: { approvers: ['platform'], expiresAfter: '1d' } },
          },
        },
      }),
    ).toThrow(
      "Invalid config at secrets.rotation.environments.prod.approval.approvers: 'platform', expected group entity refs such as group:default/platform",
    );
  });

  it('reads tenants and per-environment policy with human durations', () => {
    const config = read({
      tenants: [
        {
          owner: 'group:default/team-payments',
          vault: [
            {
              server: 'main',
              namespace: 'payments',
              paths: ['secret/payments/'],
            },
          ],
        },
      ],
      rotation: {
        minReasonLength: 20,
        verifyTimeout: { minutes: 2 },
        environments: {
          prod: {
            storeHealthGate: 'deny',
            cooldown: { hours: 1 },
            freezeWindows: [
              {
                cron: '0 16 * * 5',
                duration: { hours: 64 },
                reason: 'weekend',
              },
            ],
            blastRadius: { maxClusters: 10 },
          },
          dev: { storeHealthGate: 'warn', cooldown: '30s' },
        },
      },
    });
    expect(config.policy.tenants).toEqual([
      {
        owner: 'group:default/team-payments',
        vault: [
          {
            server: 'main',
            namespace: 'payments',
            paths: ['secret/payments/'],
          },
        ],
      },
    ]);
    expect(config.policy.minReasonLength).toBe(20);
    expect(config.verifyTimeoutMs).toBe(120_000);
    expect(config.policy.environments).toEqual({
      prod: {
        storeHealthGate: 'deny',
        cooldownMs: 3_600_000,
        freezeWindows: [
          { cron: '0 16 * * 5', durationMs: 230_400_000, reason: 'weekend' },
        ],
        blastRadius: { maxClusters: 10, maxWorkloads: undefined },
      },
      dev: { storeHealthGate: 'warn', cooldownMs: 30_000 },
    });
  });

  it("reads a tenant's own policy: every environment, and per environment", () => {
    const config = read({
      tenants: [
        {
          owner: 'group:default/team-payments',
          vault: [{ server: 'main', paths: ['secret/payments/'] }],
          policy: {
            minReasonLength: 25,
            cooldown: '2h',
            environments: {
              prod: {
                storeHealthGate: 'warn',
                blastRadius: { maxClusters: 2 },
                freezeWindows: [{ cron: '0 9 * * *', duration: '2h' }],
              },
            },
          },
        },
        {
          owner: 'group:default/team-search',
          vault: [{ server: 'main', paths: ['secret/search/'] }],
        },
      ],
    });
    expect(config.policy.tenants[0].policy).toEqual({
      minReasonLength: 25,
      all: { storeHealthGate: undefined, cooldownMs: 7_200_000 },
      environments: {
        prod: {
          storeHealthGate: 'warn',
          blastRadius: { maxClusters: 2, maxWorkloads: undefined },
          freezeWindows: [
            { cron: '0 9 * * *', durationMs: 7_200_000, reason: undefined },
          ],
        },
      },
    });
    expect(config.policy.tenants[1]).not.toHaveProperty('policy');
  });

  it.each([
    [
      { rotation: { environments: { prod: { storeHealthGate: 'maybe' } } } },
      "Invalid config at secrets.rotation.environments.prod.storeHealthGate: 'maybe', expected deny or warn",
    ],
    [
      {
        rotation: {
          environments: {
            prod: { freezeWindows: [{ cron: 'every friday', duration: '1h' }] },
          },
        },
      },
      /Invalid config at secrets.rotation.environments.prod.freezeWindows\[0\].cron/,
    ],
    [
      {
        tenants: [
          {
            owner: 'group:default/team-payments',
            vault: [],
            policy: { environments: { prod: { storeHealthGate: 'off' } } },
          },
        ],
      },
      "Invalid config at secrets.tenants[0].policy.environments.prod.storeHealthGate: 'off', expected deny or warn",
    ],
    [
      {
        tenants: [
          {
            owner: 'group:default/team-payments',
            vault: [],
            policy: { minReasonLength: -1 },
          },
        ],
      },
      'Invalid config at secrets.tenants[0].policy.minReasonLength: -1, expected a whole number of characters',
    ],
    [
      { tenants: [{ owner: 'team-payments', vault: [] }] },
      /Invalid config at secrets.tenants\[0\].owner: 'team-payments', expected a group entity ref/,
    ],
  ])('stops start-up on %j', (secrets, message) => {
    expect(() => read(secrets)).toThrow(message);
  });
});
