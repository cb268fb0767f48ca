/*
 * A rotation's Vault write against the demo fleet over HTTP when someone else writes first, and
 * when the plugin's Vault token stops working mid-rotation: a check-and-set conflict fails
 * naming both versions and keeps the other writer's data; a login token (AppRole) that Vault
 * no longer accepts is replaced by logging in again and the rotation succeeds; a static token
 * that was revoked fails the rotation with Vault's refusal and nothing written. Each write is
 * held back by Vault answering 412 first (performance standby), which the plugin retries.
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

jest.setTimeout(180_000);

const KEY = 'payments-api/db';
const DATA = `secret/data/${KEY}`;
/** The plugin's shipped policy, as fleet-sim's demo writes it in the root namespace. */
const PLUGIN_POLICY = 'backstage-secrets';

describe("a rotation's Vault write under conflicts and failing credentials", () => {
  let fleet: FleetHandle;
  const backends: RotationBackend[] = [];
  const extraValues: string[] = [];

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
  }, 60_000);

  afterAll(async () => {
    for (const b of backends) await b.stop();
    await fleet?.stop();
  });

  /** A backend whose `secrets.vault[0]` authenticates as given. */
  const backendWith = async (auth?: Record<string, unknown>) => {
    const vault = fleet.appConfig.secrets.vault[0];
    const b = await startRotationBackend({
      fleet,
      secrets: auth ? { vault: [{ ...vault, auth }] } : {},
    });
    backends.push(b);
    return b;
  };

  /** Holds the next data write back: Vault answers it 412 `times` times first. */
  const holdWrite = (times: number) =>
    fleetAdmin(fleet, '/vault/faults', {
      status: 412,
      method: 'PATCH',
      path: DATA,
      namespace: 'team-payments',
      times,
    });

  it('a check-and-set conflict fails naming both versions, and keeps what the other writer wrote', async () => {
    const b = await backendWith();
    const before = vaultKey(fleet, KEY)!.version;
    await holdWrite(3);
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    // an operator writes the key while the rotation's write waits
    const theirs = { username: 'payments', password: `operator-${Date.now()}` };
    extraValues.push(theirs.password);
    fleet.vault.engine.putSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: KEY,
      data: theirs,
    });
    const done = await b.waitFor(started.body.id);
    expect(done.state).toBe('failed');
    expect(done.error).toBe(
      `the key changed since it was planned (planned on version ${before}, Vault now has version ${
        before + 1
      }); nothing was written. Plan the rotation again.`,
    );
    expect(vaultKey(fleet, KEY)).toMatchObject({
      version: before + 1,
      data: theirs,
    });
  });

  it('a login token Vault no longer accepts is replaced by logging in again, and the rotation succeeds', async () => {
    const approle = fleet.vault.engine.createAppRole({
      roleName: 'backstage-secrets',
      policies: [PLUGIN_POLICY],
      tokenTtlSeconds: 30,
    });
    extraValues.push(approle.secretId);
    const b = await backendWith({
      type: 'approle',
      roleId: approle.roleId,
      secretId: approle.secretId,
    });
    const logins = () => vaultRequests(fleet, 'POST auth/approle/login');
    const before = vaultKey(fleet, KEY)!.version;
    await holdWrite(3);
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    const loggedIn = logins();
    expect(loggedIn).toBeGreaterThanOrEqual(1);
    // Vault's clock passes the token's 30 s while the backend still holds it as valid
    await fleet.warp(40_000);
    const done = await b.waitFor(started.body.id);
    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    expect(logins()).toBe(loggedIn + 1);
    expect(vaultKey(fleet, KEY)!.version).toBe(before + 1);
  });

  it('a revoked static token fails the rotation with Vault refusing it, and nothing written', async () => {
    const { token } = fleet.vault.engine.createToken({
      policies: [PLUGIN_POLICY],
      ttlSeconds: 3600,
    });
    extraValues.push(token);
    const b = await backendWith({ type: 'token', token });
    const before = vaultKey(fleet, KEY)!.version;
    await holdWrite(3);
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    await fleetAdmin(fleet, '/vault/revoke-token', { token });
    const done = await b.waitFor(started.body.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(
      /^the Vault write failed: .*Vault answered 403: permission denied; invalid token; nothing was written$/,
    );
    expect(vaultKey(fleet, KEY)!.version).toBe(before);
  });

  it('no secret value or credential reached any response', () => {
    const values = [...collectSecretValues(fleet), ...extraValues];
    const bodies = backends.flatMap(b => b.bodies);
    expect(values.filter(v => bodies.some(t => t.includes(v)))).toEqual([]);
  });
});
