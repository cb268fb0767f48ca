import { makeRow } from '../__testUtils__';
import { knownVaultVersion } from './vaultVersion';

describe('knownVaultVersion', () => {
  it('is unknown unless pinned or stamped on the Secret', () => {
    expect(knownVaultVersion(makeRow())).toBeUndefined();
  });

  it('names a pinned version and says where it comes from', () => {
    const row = makeRow({ vault: { key: 'k', pinnedVersion: '3' } });
    expect(knownVaultVersion(row)).toEqual({
      label: 'pinned v3',
      version: 'pinned v3',
      source: expect.stringMatching(/pins this version/),
    });
  });

  it('names a version stamped on the Secret', () => {
    const row = makeRow({
      target: { name: 's', exists: true, vaultVersion: '5' },
    });
    expect(knownVaultVersion(row)).toEqual({
      label: 'v5 (from the Secret)',
      version: 'v5',
      from: 'from the Secret',
      source: expect.stringMatching(/template metadata/),
    });
  });
});
