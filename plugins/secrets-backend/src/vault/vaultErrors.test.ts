import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { toBackstageError, vaultMessages } from './vaultErrors';

/** The shape node-vault rejects with (its ApiResponseError is not exported). */
const answered = (statusCode: number, body: unknown) =>
  Object.assign(new Error('node-vault'), { response: { statusCode, body } });

describe('toBackstageError', () => {
  const op = 'Vault server v: reading secret/app';

  it.each([
    [
      403,
      { errors: ['1 error occurred:\n\t* permission denied\n\n'] },
      NotAllowedError,
    ],
    [404, { errors: [] }, NotFoundError],
    [400, { errors: ['missing data'] }, InputError],
    [405, { errors: [] }, InputError],
    [412, { errors: [] }, ServiceUnavailableError],
    [429, {}, ServiceUnavailableError],
    [473, {}, ServiceUnavailableError],
    [500, { errors: ['internal'] }, ServiceUnavailableError],
    [503, { errors: ['Vault is sealed'] }, ServiceUnavailableError],
  ])('maps %s to %p', (status, body, type) => {
    const error = toBackstageError(answered(status, body), op);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(op);
    expect(error.message).toContain(String(status));
  });

  it('maps a check-and-set mismatch to ConflictError', () => {
    const error = toBackstageError(
      answered(400, {
        errors: ['check-and-set parameter did not match the current version'],
      }),
      op,
    );
    expect(error).toBeInstanceOf(ConflictError);
  });

  it('unwraps multierror text and explains an empty 404', () => {
    expect(
      vaultMessages({
        errors: [
          '2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n',
        ],
      }),
    ).toEqual(['permission denied', 'invalid token']);
    expect(toBackstageError(answered(404, { errors: [] }), op).message).toBe(
      `${op}: Vault answered 404 (no such secret, version or mount)`,
    );
  });

  it('tells a deleted or destroyed version from an absent one', () => {
    const deleted = toBackstageError(
      answered(404, {
        data: {
          data: null,
          metadata: {
            version: 3,
            deletion_time: '2026-01-01T00:00:00Z',
            destroyed: false,
          },
        },
      }),
      op,
    );
    expect(deleted).toBeInstanceOf(NotFoundError);
    expect(deleted.message).toContain('version 3 was deleted');
    const destroyed = toBackstageError(
      answered(404, {
        data: { data: null, metadata: { version: 2, destroyed: true } },
      }),
      op,
    );
    expect(destroyed.message).toContain('version 2 was destroyed');
  });

  it('keeps nothing of a transport error but its code and message', () => {
    const axiosLike = Object.assign(new Error('timeout of 300ms exceeded'), {
      code: 'ECONNABORTED',
      config: {
        headers: { 'X-Vault-Token': 'hvs.secret-token' },
        data: '{"pw":"value"}',
      },
    });
    const error = toBackstageError(axiosLike, op);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      `${op}: Vault did not answer (ECONNABORTED: timeout of 300ms exceeded)`,
    );
    expect((error as { cause?: unknown }).cause).toBeUndefined();
  });

  it('passes through errors it already mapped', () => {
    const own = new NotAllowedError('login refused');
    expect(toBackstageError(own, op)).toBe(own);
  });
});
