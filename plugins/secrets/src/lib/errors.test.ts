import { ResponseError } from '@backstage/errors';
import { isClientError, isNotAllowed, isRefused } from './errors';

async function responseError(status: number, name: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message: 'm' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('error classification', () => {
  it('tells refusals and client errors from server errors', async () => {
    const forbidden = await responseError(403, 'NotAllowedError');
    const hidden = await responseError(404, 'NotFoundError');
    const bad = await responseError(400, 'InputError');
    const broken = await responseError(500, 'Error');
    expect([forbidden, hidden, bad, broken].map(isNotAllowed)).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([forbidden, hidden, bad, broken].map(isRefused)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([forbidden, hidden, bad, broken].map(isClientError)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(isClientError(new TypeError('Failed to fetch'))).toBe(false);
  });
});
