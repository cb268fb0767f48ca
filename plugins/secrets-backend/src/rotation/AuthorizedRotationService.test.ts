import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { RotationRecord } from '../database/RotationStore';
import { AuthorizedRotationService } from './AuthorizedRotationService';
import type { RotationService } from './types';

const credentials = mockCredentials.user('user:default/sam');
const ID = '0b9f4c1e-2f51-4d63-9a7e-6f1e1f2d3c4b';
const request = {
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
  reason: 'quarterly',
  dryRun: true,
  acknowledgeWarnings: false,
};

function setup(decide: (permission: string, resourceRef?: string) => boolean) {
  const inner: jest.Mocked<RotationService> = {
    propose: jest.fn(),
    start: jest.fn(),
    proposeRollback: jest.fn(),
    startRollback: jest.fn(),
    cancel: jest.fn(),
    get: jest.fn(),
    listForEntity: jest.fn(),
    listFleet: jest.fn(),
  };
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({
      result: decide(
        r.permission.name,
        (r as { resourceRef?: string }).resourceRef,
      )
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    })),
  );
  const store = {
    get: jest.fn(async (id: string) =>
      id === ID
        ? ({
            rotation: { entityRef: 'component:default/payments-api' },
          } as RotationRecord)
        : undefined,
    ),
  };
  return {
    service: new AuthorizedRotationService(
      inner,
      permissions,
      store,
      catalogServiceMock(),
    ),
    inner,
  };
}

describe('AuthorizedRotationService', () => {
  it('lets an owner who may read and rotate through', async () => {
    const { service, inner } = setup(() => true);
    await service.propose(request, { credentials });
    expect(inner.propose).toHaveBeenCalled();
  });

  it('404s, like a missing entity, for someone who may not read the entity', async () => {
    const { service, inner } = setup(() => false);
    await expect(service.start(request, { credentials })).rejects.toThrow(
      new NotFoundError(
        'No entity component:default/payments-api, or you may not read its secrets',
      ),
    );
    expect(inner.start).not.toHaveBeenCalled();
  });

  it('403s naming the permission for a reader who may not rotate', async () => {
    const { service } = setup(p => p === 'secrets.entity.read');
    await expect(service.propose(request, { credentials })).rejects.toThrow(
      new NotAllowedError(
        'Missing permission secrets.entity.rotate on component:default/payments-api: ask its owner',
      ),
    );
  });

  it("answers the same 404 for another tenant's rotation id and an unknown one", async () => {
    const { service, inner } = setup(() => false);
    const unknown = '11111111-2f51-4d63-9a7e-6f1e1f2d3c4b';
    await expect(service.get(ID, { credentials })).rejects.toThrow(
      `No rotation ${ID}, or you may not read its entity's secrets`,
    );
    await expect(service.get(unknown, { credentials })).rejects.toThrow(
      `No rotation ${unknown}, or you may not read its entity's secrets`,
    );
    await expect(
      service.startRollback(
        ID,
        { version: 1, reason: 'x', dryRun: false, acknowledgeWarnings: false },
        { credentials },
      ),
    ).rejects.toThrow(NotFoundError);
    await expect(service.cancel(ID, { credentials })).rejects.toThrow(
      NotFoundError,
    );
    expect(inner.get).not.toHaveBeenCalled();
    expect(inner.cancel).not.toHaveBeenCalled();
  });

  it('a reader sees a rotation and the history but cannot cancel it', async () => {
    const { service, inner } = setup(p => p === 'secrets.entity.read');
    await service.get(ID, { credentials });
    await service.listForEntity(
      { kind: 'component', namespace: 'default', name: 'payments-api' },
      { offset: 0, limit: 20 },
      { credentials },
    );
    expect(inner.get).toHaveBeenCalled();
    expect(inner.listForEntity).toHaveBeenCalled();
    await expect(service.cancel(ID, { credentials })).rejects.toThrow(
      NotAllowedError,
    );
  });

  it('the platform team (secrets.fleet.read) sees any rotation, and still may not act on one', async () => {
    const { service, inner } = setup(p => p === 'secrets.fleet.read');
    await service.get(ID, { credentials });
    expect(inner.get).toHaveBeenCalled();
    await expect(service.cancel(ID, { credentials })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      service.startRollback(
        ID,
        { version: 1, reason: 'x', dryRun: false, acknowledgeWarnings: false },
        { credentials },
      ),
    ).rejects.toThrow(NotFoundError);
    expect(inner.cancel).not.toHaveBeenCalled();
    expect(inner.startRollback).not.toHaveBeenCalled();
  });
});
