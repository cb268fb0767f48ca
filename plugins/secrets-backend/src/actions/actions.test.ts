import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { NotAllowedError } from '@backstage/errors';
import { RotationDeniedError } from '../rotation/DefaultRotationService';
import type {
  EntitySecretsResponse,
  RotationProposal,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { planCluster, rotationPlan } from '../__testUtils__/rotationFixtures';
import { registerSecretsActions } from '.';

const alice = mockCredentials.user('user:default/alice');

function setup() {
  const registry = actionsRegistryServiceMock();
  const response = {
    entityRef: 'component:default/payments-api',
    generatedAt: '2026-12-01T10:00:00Z',
    groups: [
      {
        id: 'g-db',
        vault: { serverName: 'vault', mount: 'secret', key: 'payments-api/db' },
        rows: [
          {
            cluster: 'prod-eu',
            namespace: 'payments',
            name: 'db-creds',
            status: 'Error',
            cause: 'permission denied',
            store: {
              cluster: 'prod-eu',
              kind: 'ClusterSecretStore',
              name: 'vault',
            },
            lastSyncAt: '2026-12-01T09:00:00Z',
          },
        ],
      },
    ],
    clusters: [],
    errors: [
      {
        cluster: 'dev',
        errorType: 'UNREACHABLE',
        message: 'connect ECONNREFUSED',
      },
    ],
    vaultServers: [],
  } as unknown as EntitySecretsResponse;
  const secrets = { getEntitySecrets: jest.fn(async () => response) };
  const proposal: RotationProposal = {
    plan: rotationPlan({ clusters: [planCluster()] }),
    verdicts: [
      {
        ruleId: 'cooldown',
        title: 'Cooldown',
        outcome: 'allow',
        message: 'ok',
      },
    ],
    allowed: true,
    requiresApproval: false,
  };
  const rotations = {
    propose: jest.fn(async () => proposal),
    start: jest.fn(
      async () => ({ id: 'rot-1', state: 'planned' } as RotationSummary),
    ),
  };
  const audit = { success: jest.fn(), fail: jest.fn() };
  const auditor = { createEvent: jest.fn(async () => audit) };
  registerSecretsActions(registry, { secrets, rotations, auditor });
  return { registry, secrets, rotations, auditor, audit };
}

describe('MCP actions', () => {
  it('lists both with their attributes: the status read-only, the rotation destructive', async () => {
    const { registry } = setup();
    const { actions } = await registry.list();
    expect(
      actions.map(a => ({ name: a.name, attributes: a.attributes })),
    ).toEqual([
      {
        name: 'get-entity-secrets',
        attributes: { readOnly: true, idempotent: true, destructive: false },
      },
      {
        name: 'request-secret-rotation',
        attributes: { readOnly: false, idempotent: false, destructive: true },
      },
    ]);
  });

  it("get-entity-secrets reads through the secrets service with the caller's credentials", async () => {
    const { registry, secrets } = setup();
    const { output } = await registry.invoke({
      id: 'test:get-entity-secrets',
      input: { entityRef: 'component:default/payments-api' },
      credentials: alice,
    });
    expect(secrets.getEntitySecrets).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'payments-api' },
      { credentials: alice },
    );
    expect(output).toEqual({
      entityRef: 'component:default/payments-api',
      groups: [
        {
          groupId: 'g-db',
          vault: { server: 'vault', mount: 'secret', key: 'payments-api/db' },
          externalSecrets: [
            {
              cluster: 'prod-eu',
              namespace: 'payments',
              name: 'db-creds',
              status: 'Error',
              cause: 'permission denied',
              store: 'ClusterSecretStore/vault',
              lastSyncAt: '2026-12-01T09:00:00Z',
            },
          ],
        },
      ],
      unreachableClusters: [
        { cluster: 'dev', message: 'connect ECONNREFUSED' },
      ],
    });
  });

  it("the service's refusal reaches the caller as it is", async () => {
    const { registry, secrets } = setup();
    secrets.getEntitySecrets.mockRejectedValueOnce(new NotAllowedError('no'));
    await expect(
      registry.invoke({
        id: 'test:get-entity-secrets',
        input: { entityRef: 'component:default/payments-api' },
        credentials: alice,
      }),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('request-secret-rotation is a dry run unless asked otherwise: the plan and verdicts, nothing started', async () => {
    const { registry, rotations } = setup();
    const { output } = await registry.invoke({
      id: 'test:request-secret-rotation',
      input: { entityRef: 'component:default/payments-api', groupId: 'g-db' },
      credentials: alice,
    });
    expect(rotations.start).not.toHaveBeenCalled();
    expect(rotations.propose).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        groupId: 'g-db',
        dryRun: true,
        acknowledgeWarnings: false,
      }),
      { credentials: alice },
    );
    expect(output).toMatchObject({
      dryRun: true,
      allowed: true,
      requiresApproval: false,
      verdicts: [{ ruleId: 'cooldown', outcome: 'allow', message: 'ok' }],
      plan: { clusters: [expect.objectContaining({ externalSecrets: 1 })] },
    });
  });

  it('request-secret-rotation with dryRun false starts it as the caller', async () => {
    const { registry, rotations } = setup();
    const { output } = await registry.invoke({
      id: 'test:request-secret-rotation',
      input: {
        entityRef: 'component:default/payments-api',
        groupId: 'g-db',
        reason: 'leaked in a log',
        dryRun: false,
      },
      credentials: alice,
    });
    expect(rotations.propose).not.toHaveBeenCalled();
    expect(rotations.start).toHaveBeenCalledWith(
      expect.objectContaining({ dryRun: false, reason: 'leaked in a log' }),
      { credentials: alice },
    );
    expect(output).toEqual({
      dryRun: false,
      rotation: { id: 'rot-1', state: 'planned' },
    });
  });

  it('request-secret-rotation is audited as POST /rotations is, naming the caller as the actor', async () => {
    const { registry, auditor, audit } = setup();
    const input = {
      entityRef: 'component:default/payments-api',
      groupId: 'g-db',
      reason: 'rotating after a leak',
    };
    await registry.invoke({
      id: 'test:request-secret-rotation',
      input,
      credentials: alice,
    });
    await registry.invoke({
      id: 'test:request-secret-rotation',
      input: { ...input, dryRun: false },
      credentials: alice,
    });
    const asked = (dryRun: boolean) => ({
      eventId: 'secret-rotation',
      severityLevel: dryRun ? 'low' : 'high',
      request: undefined,
      meta: {
        action: 'rotate',
        dryRun,
        entityRef: 'component:default/payments-api',
        groupId: 'g-db',
        via: 'mcp-action',
        actor: 'user:default/alice',
      },
    });
    expect(auditor.createEvent.mock.calls).toEqual([
      [asked(true)],
      [asked(false)],
    ]);
    expect(audit.success.mock.calls).toEqual([
      [{ meta: { allowed: true, verdicts: ['cooldown=allow'] } }],
      [{ meta: { rotationId: 'rot-1', state: 'planned' } }],
    ]);
    // the reason is the caller's words: history, not audit metadata
    expect(JSON.stringify(auditor.createEvent.mock.calls)).not.toContain(
      'leak',
    );
  });

  it('a denied request-secret-rotation is audited as failed with every verdict', async () => {
    const { registry, rotations, audit } = setup();
    const denied = new RotationDeniedError([
      {
        ruleId: 'tenant-boundary',
        title: 'Tenant',
        outcome: 'deny',
        message: 'outside',
      },
    ]);
    rotations.start.mockRejectedValueOnce(denied);
    await expect(
      registry.invoke({
        id: 'test:request-secret-rotation',
        input: {
          entityRef: 'component:default/payments-api',
          groupId: 'g-db',
          reason: 'rotating after a leak',
          dryRun: false,
        },
        credentials: alice,
      }),
    ).rejects.toThrow(/tenant-boundary/);
    expect(audit.fail).toHaveBeenCalledWith({
      error: denied,
      meta: { verdicts: ['tenant-boundary=deny'] },
    });
    expect(audit.success).not.toHaveBeenCalled();
  });

  it("a request the HTTP API would reject is rejected with the API's message", async () => {
    const { registry, rotations } = setup();
    await expect(
      registry.invoke({
        id: 'test:request-secret-rotation',
        input: { entityRef: 'payments-api', groupId: 'g-db' },
        credentials: alice,
      }),
    ).rejects.toThrow(/entityRef: must be a full entity ref/);
    expect(rotations.propose).not.toHaveBeenCalled();
  });
});
