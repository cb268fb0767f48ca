import { SimClock } from '../../clock/SimClock';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';
import { startVaultServer } from './startVaultServer';
import { parseVaultFault } from './vaultFaults';

describe('injected Vault faults', () => {
  const clock = new SimClock({ scale: 1000 });
  let vault: VaultServerHandle;
  let token: string;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    token = vault.rootToken;
    vault.engine.enableKv({ path: 'secret', version: 2 });
    vault.engine.putSecret({
      mount: 'secret',
      path: 'app/db',
      data: { pw: 'a' },
    });
  });
  afterEach(() => {
    vault.clearFaults();
    vault.unseal();
  });
  afterAll(() => vault.stop());

  const write = (pw: string, cas: number) =>
    vaultFetch(vault, 'POST', 'secret/data/app/db', {
      token,
      body: { data: { pw }, options: { cas } },
    });
  const version = () =>
    vault.engine.readSecret({ mount: 'secret', path: 'app/db' })!.version;

  it('answers 412 and 429 as Vault does, changes nothing, and then serves again', async () => {
    const before = version();
    vault.injectFault({
      status: 412,
      method: 'POST',
      path: 'secret/data/app/',
    });
    vault.injectFault({
      status: 429,
      method: 'POST',
      path: 'secret/data/app/',
    });
    const precondition = await write('b', before);
    expect(precondition.status).toBe(412);
    expect(precondition.body).toEqual({
      errors: ['required index state not present'],
    });
    const limited = await write('b', before);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      errors: ['request path "secret/data/app/db": rate limit quota exceeded'],
    });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(version()).toBe(before);
    // both faults used up: the same write goes through, once
    expect((await write('b', before)).status).toBe(200);
    expect(version()).toBe(before + 1);
  });

  it('matches by method, path prefix and namespace, and counts down `times`', async () => {
    vault.injectFault({ status: 503, method: 'PATCH', times: 2 });
    vault.injectFault({
      status: 500,
      path: 'secret/metadata/',
      namespace: 'other',
    });
    expect(
      (await vaultFetch(vault, 'GET', 'secret/metadata/app/db', { token }))
        .status,
    ).toBe(200);
    const patch = () =>
      vaultFetch(vault, 'PATCH', 'secret/data/app/db', {
        token,
        body: { data: { pw: 'c' } },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      });
    expect((await patch()).status).toBe(503);
    expect((await patch()).status).toBe(503);
    expect((await patch()).status).toBe(200);
    expect(vault.clearFaults()).toBe(1);
  });

  it('seals the server as the matching request arrives: it and every later request get 503', async () => {
    const before = version();
    vault.injectFault({
      status: 503,
      method: 'POST',
      path: 'secret/data/',
      seal: true,
    });
    const sealed = await write('d', before);
    expect(sealed.status).toBe(503);
    expect(sealed.body).toEqual({ errors: ['Vault is sealed'] });
    const read = await vaultFetch(vault, 'GET', 'secret/data/app/db', {
      token,
    });
    expect(read.status).toBe(503);
    expect(
      (await vaultFetch(vault, 'GET', 'sys/seal-status')).body,
    ).toMatchObject({
      sealed: true,
    });
    vault.unseal();
    expect(version()).toBe(before);
  });

  it('never answers the health endpoints with an injected fault', async () => {
    vault.injectFault({ status: 429 });
    expect((await vaultFetch(vault, 'GET', 'sys/health')).status).toBe(200);
    expect(vault.clearFaults()).toBe(1);
  });

  it('refuses an admin body it cannot honour, naming the field', () => {
    expect(() => parseVaultFault({ status: 404 })).toThrow(/status: 412\|429/);
    expect(() => parseVaultFault({ status: 429, times: 0 })).toThrow(/times/);
    expect(() => parseVaultFault({ status: 429, seal: true })).toThrow(/503/);
    expect(
      parseVaultFault({
        status: '412',
        method: 'patch',
        path: '/v1/secret/data/x',
      }),
    ).toEqual({
      status: 412,
      method: 'PATCH',
      path: 'secret/data/x',
      namespace: undefined,
      times: 1,
      seal: false,
    });
  });
});
