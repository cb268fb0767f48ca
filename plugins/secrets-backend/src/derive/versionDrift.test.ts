import { versionDrift } from './versionDrift';

const facts = {
  currentVersion: 5,
  currentVersionCreatedAt: '2026-12-01T12:00:00Z',
  checkedAt: 0,
};
const row = (over: Record<string, unknown> = {}) => ({
  lastSyncAt: '2026-12-01T12:30:00Z',
  target: { name: 'db', exists: true },
  ...over,
});

describe('versionDrift', () => {
  it('compares the last sync with the time the current version was written', () => {
    expect(versionDrift(row(), facts)).toEqual({
      state: 'current',
      currentVersion: 5,
      basis: 'sync-time',
    });
    expect(
      versionDrift(row({ lastSyncAt: '2026-12-01T11:59:59Z' }), facts),
    ).toEqual({ state: 'behind', currentVersion: 5, basis: 'sync-time' });
    // a sync that started at the very instant of the write counts as after it
    expect(
      versionDrift(row({ lastSyncAt: '2026-12-01T12:00:00Z' }), facts).state,
    ).toBe('current');
  });

  it('trusts a version stamped on the target Secret, then a pinned one, over times', () => {
    expect(
      versionDrift(
        row({ target: { name: 'db', exists: true, vaultVersion: '4' } }),
        facts,
      ),
    ).toEqual({
      state: 'behind',
      currentVersion: 5,
      syncedVersion: 4,
      basis: 'stamped-version',
    });
    expect(
      versionDrift(row({ vault: { pinnedVersion: '3' } }), facts),
    ).toMatchObject({
      state: 'behind',
      syncedVersion: 3,
      basis: 'pinned-version',
    });
    expect(
      versionDrift(row({ vault: { pinnedVersion: '5' } }), facts).state,
    ).toBe('current');
  });

  it('a row never synced is behind; without metadata nothing is claimed', () => {
    expect(versionDrift(row({ lastSyncAt: undefined }), facts)).toEqual({
      state: 'behind',
      currentVersion: 5,
      basis: 'never-synced',
    });
    expect(versionDrift(row(), undefined)).toEqual({
      state: 'unknown',
      basis: 'no-metadata',
    });
    expect(
      versionDrift(row(), { ...facts, currentVersionCreatedAt: undefined })
        .state,
    ).toBe('unknown');
  });
});
