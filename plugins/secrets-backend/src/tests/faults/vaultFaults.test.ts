/*
 * Vault failing under a rotation, against the demo fleet's Vault over HTTP (faults injected with
 * fleet-sim's admin API as Vault answers them): sealed as the write arrives, a performance
 * standby's 412 and a rate limit's 429 during plan and write, and answers that are not safe to
 * retry. Each rotation ends with exactly the Vault versions its outcome says, and a failed one
 * says why and that nothing was written.
 */
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { fleetAdmin } from '../../__testUtils__/fleetAdmin';
import {
  startRotationBackend,
  vaultKey,
  vaultRequests,
  type RotationBackend,
} from '../../__testUtils__/rotationBackend';
import { collectSecretValues } from '../../__testUtils__/secretValues';

jest.setTimeout(120_000);

const KEY = 'payments-api/db';
const DATA = `secret/data/${KEY}`;
const METADATA = `secret/metadata/${KEY}`;

describe('Vault faults during a rotation', () => {
  let fleet: FleetHandle;
  let b: RotationBackend;

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    b = await startRotationBackend({ fleet });
  }, 90_000);

  afterEach(async () => {
    await fleetAdmin(fleet, '/vault/faults');
    await fleetAdmin(fleet, '/vault/unseal');
  });

  afterAll(async () => {
    await b?.stop();
    await fleet?.stop();
  });

  const fault = (body: Record<string, unknown>) =>
    fleetAdmin(fleet, '/vault/faults', { namespace: 'team-payments', ...body });
  const patches = () => vaultRequests(fleet, `PATCH ${DATA}`);

  it('sealed as the write arrives: failed with the reason, nothing written, and no write after the unseal', async () => {
    const before = vaultKey(fleet, KEY)!;
    const sent = patches();
    await fault({ status: 503, method: 'PATCH', path: DATA, seal: true });
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    const done = await b.waitFor(started.body.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(
      /^the Vault write failed: .*Vault answered 503: Vault is sealed; nothing was written$/,
    );
    // sealed is not retried: one PATCH, refused
    expect(patches()).toBe(sent + 1);
    expect(done.versionAfter).toBeUndefined();
    expect(done.clusters.map((c: any) => c.state)).toEqual([]);

    await fleetAdmin(fleet, '/vault/unseal');
    await b.resume();
    const after = await b.call('get', `/rotations/${started.body.id}`);
    expect(after.body.state).toBe('failed');
    expect(patches()).toBe(sent + 1);
    expect(vaultKey(fleet, KEY)!.version).toBe(before.version);
    expect(vaultKey(fleet, KEY)!.data).toEqual(before.data);
  });

  it('412 (performance standby) and 429 (rate limit) in plan and write are retried: one new version', async () => {
    const before = vaultKey(fleet, KEY)!.version;
    const sent = patches();
    // the plan reads the key's metadata; the write is a PATCH of its data
    await fault({ status: 412, method: 'GET', path: METADATA, times: 2 });
    await fault({ status: 429, method: 'PATCH', path: DATA, times: 1 });
    await fault({ status: 412, method: 'PATCH', path: DATA, times: 1 });
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    const done = await b.waitFor(started.body.id);
    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    expect(done.versionBefore).toBe(before);
    expect(done.versionAfter).toBe(before + 1);
    expect(vaultKey(fleet, KEY)!.version).toBe(before + 1);
    // two refused PATCHes, one that landed
    expect(patches()).toBe(sent + 3);
    expect(
      done.events
        .filter((e: any) => e.type === 'written')
        .map((e: any) => e.message),
    ).toEqual([`Vault version ${before + 1} written`]);
  });

  it('a rate limit that does not lift fails the rotation clearly, with nothing written', async () => {
    const before = vaultKey(fleet, KEY)!.version;
    await fault({ status: 429, method: 'PATCH', path: DATA, times: 50 });
    const started = await b.rotate('payments-api', KEY);
    const done = await b.waitFor(started.body.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(
      /^the Vault write failed: .*Vault answered 429: request path ".*": rate limit quota exceeded; nothing was written$/,
    );
    expect(vaultKey(fleet, KEY)!.version).toBe(before);
  });

  it('a 502 on the write is not retried blindly: Vault is asked what landed, and it says nothing did', async () => {
    const before = vaultKey(fleet, KEY)!.version;
    const sent = patches();
    await fault({ status: 502, method: 'PATCH', path: DATA, times: 5 });
    const started = await b.rotate('payments-api', KEY);
    const done = await b.waitFor(started.body.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(
      /^the Vault write failed: .*Vault answered 502: upstream error; nothing was written$/,
    );
    expect(patches()).toBe(sent + 1);
    expect(vaultKey(fleet, KEY)!.version).toBe(before);
  });

  it('a standby that never catches up fails the plan with a 503 naming Vault, and no rotation is stored', async () => {
    const history = () =>
      b.call('get', '/entities/default/component/payments-api/rotations');
    const stored = (await history()).body.items.length;
    await fault({ status: 412, method: 'GET', path: METADATA, times: 50 });
    const res = await b.rotate('payments-api', KEY);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /Vault answered 412: required index state not present/,
    );
    await fleetAdmin(fleet, '/vault/faults');
    expect((await history()).body.items.length).toBe(stored);
  });

  it('no secret value reached any response', () => {
    const values = collectSecretValues(fleet);
    expect(values.filter(v => b.bodies.some(t => t.includes(v)))).toEqual([]);
  });
});
