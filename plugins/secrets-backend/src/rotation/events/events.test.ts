import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { SignalPayload } from '@backstage/plugin-signals-node';
import type { RotationState } from '@secrets-plugin/plugin-secrets-common';
import type { RotationRow } from '../../database/RotationStore';
import type { RotationEventSink } from '../engine/ports';
import { rotationNotification, withRotationSubscribers } from '.';

const ID = 'rot-1';
// stands in for a value the rotation wrote: it may sit in the row's error text, never in a message
const VALUE = 's3cr3t-v4lue-0042';

function row(overrides: Partial<RotationRow> = {}): RotationRow {
  return {
    id: ID,
    kind: 'rotation',
    trigger: 'manual',
    state: 'syncing',
    entityRef: 'component:default/payments-api',
    groupId: 'g-db',
    keyId: 'k-db',
    requestedBy: 'user:default/alice',
    reason: 'quarterly',
    versionBefore: 3,
    versionAfter: 4,
    error: `unexpected body ${VALUE}`,
    plan: { vault: { mount: 'secret', path: 'payments-api/db' } },
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  } as RotationRow;
}

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'team-payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
};

function setup(current: Partial<RotationRow> = {}) {
  const rotation = row(current);
  const store = {
    get: jest.fn(async () => ({ rotation, targets: [], events: [] })),
  };
  const catalog = { getEntityByRef: jest.fn(async () => entity) };
  const auth = {
    getOwnServiceCredentials: jest.fn(async () =>
      mockCredentials.service('plugin:secrets'),
    ),
  };
  const signals = {
    publish: jest.fn<Promise<void>, [SignalPayload]>(async () => {}),
  };
  const notifications = { send: jest.fn(async () => {}) };
  const inner = {
    stateChanged: jest.fn<Promise<void>, [string, RotationState]>(),
    clusterChanged: jest.fn<Promise<void>, [string, string, string]>(),
  } satisfies RotationEventSink;
  const logger = mockServices.logger.mock();
  const sink = withRotationSubscribers(inner, {
    signals,
    notifications,
    store,
    catalog,
    auth,
    logger,
  });
  const setState = (state: RotationState) => {
    rotation.state = state;
  };
  return {
    sink,
    inner,
    store,
    catalog,
    auth,
    signals,
    notifications,
    logger,
    setState,
  };
}

describe('rotation signals', () => {
  it('publishes each state change on the rotation channel to the owners and the requester, ids and states only', async () => {
    const { sink, inner, signals, catalog } = setup();
    await sink.stateChanged(ID, 'syncing');
    await sink.clusterChanged(ID, 'prod-eu', 'verifying');

    expect(inner.stateChanged).toHaveBeenCalledWith(ID, 'syncing');
    expect(inner.clusterChanged).toHaveBeenCalledWith(
      ID,
      'prod-eu',
      'verifying',
    );
    expect(signals.publish.mock.calls).toEqual([
      [
        {
          channel: 'secrets-rotation:rot-1',
          recipients: {
            type: 'user',
            entityRef: ['group:default/team-payments', 'user:default/alice'],
          },
          message: { rotationId: ID, state: 'syncing' },
        },
      ],
      [
        {
          channel: 'secrets-rotation:rot-1',
          recipients: {
            type: 'user',
            entityRef: ['group:default/team-payments', 'user:default/alice'],
          },
          message: {
            rotationId: ID,
            state: 'syncing',
            cluster: 'prod-eu',
            clusterState: 'verifying',
          },
        },
      ],
    ]);
    // the owners are read once per rotation, as the plugin (no request credentials here)
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef.mock.calls[0]).toEqual([
      'component:default/payments-api',
      { credentials: mockCredentials.service('plugin:secrets') },
    ]);
    expect(JSON.stringify(signals.publish.mock.calls)).not.toContain(VALUE);
  });

  it('a scheduled rotation (a plugin requester) goes to the owners only', async () => {
    const { sink, signals } = setup({ requestedBy: 'plugin:secrets' });
    await sink.stateChanged(ID, 'writing');
    expect(signals.publish.mock.calls[0][0]).toMatchObject({
      recipients: { entityRef: ['group:default/team-payments'] },
    });
  });

  it('a failing publish is logged and never fails the rotation', async () => {
    const { sink, signals, logger } = setup();
    signals.publish.mockRejectedValueOnce(new Error('events bus down'));
    await expect(sink.stateChanged(ID, 'writing')).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('events bus down'),
    );
  });
});

describe('rotation notifications', () => {
  it('notifies the owners and the requester once the rotation ends, linked to the Secrets tab', async () => {
    const { sink, notifications, setState, catalog } = setup();
    await sink.stateChanged(ID, 'verifying');
    expect(notifications.send).not.toHaveBeenCalled();

    setState('succeeded');
    await sink.stateChanged(ID, 'succeeded');
    expect(notifications.send).toHaveBeenCalledTimes(1);
    const [sent] = notifications.send.mock.calls[0] as any[];
    expect(sent).toEqual({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-payments', 'user:default/alice'],
      },
      payload: {
        title: 'Rotation of a secret of payments-api succeeded',
        description:
          'Rotation rot-1 of Vault key secret/payments-api/db read by component:default/payments-api, requested by user:default/alice, landed in every cluster. Vault version 3 → 4.',
        link: '/catalog/default/component/payments-api/secrets',
        severity: 'normal',
        topic: 'secrets-rotation',
        scope: 'secrets-rotation:rot-1',
      },
    });
    expect(JSON.stringify(sent)).not.toContain(VALUE);
    // the rotation ended: its audience is forgotten, a later lookup reads the catalog again
    await sink.stateChanged(ID, 'succeeded');
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('without a notifications backend, send fails: logged once, the rotation goes on', async () => {
    const { sink, notifications, logger } = setup({ state: 'failed' });
    notifications.send.mockRejectedValue(
      new Error('Failed to send notifications: Request failed with status 404'),
    );
    await expect(sink.stateChanged(ID, 'failed')).resolves.toBeUndefined();
    await expect(sink.stateChanged(ID, 'failed')).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('404'));
  });

  it('severity follows the outcome; a state that is not an end has no notification', () => {
    const severity = (state: RotationState) =>
      rotationNotification(row({ state }))?.severity;
    expect(severity('succeeded')).toBe('normal');
    expect(severity('partially-failed')).toBe('high');
    expect(severity('failed')).toBe('critical');
    expect(severity('interrupted')).toBe('critical');
    expect(severity('cancelled')).toBe('low');
    expect(rotationNotification(row({ state: 'writing' }))).toBeUndefined();
    expect(
      rotationNotification(
        row({
          state: 'failed',
          kind: 'rollback',
          versionAfter: undefined,
          plan: {},
        }),
      ),
    ).toMatchObject({
      title: 'Rollback of a secret of payments-api failed',
      description:
        'Rollback rot-1 of group g-db read by component:default/payments-api, requested by user:default/alice, failed.',
    });
  });
});
