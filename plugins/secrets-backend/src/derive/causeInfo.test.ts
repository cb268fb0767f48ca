import { causeInfo } from './causeInfo';

const warning = {
  objectKey: 'ExternalSecret/ns/es',
  reason: 'UpdateFailed',
  message: 'dial tcp: connection refused',
  at: '2026-01-01T12:00:00Z',
  firstAt: '2026-01-01T11:50:00Z',
  count: 12,
};

describe('causeInfo', () => {
  it('gives the Event’s age and count, current when nothing succeeded since', () => {
    expect(causeInfo(warning, undefined, ['2026-01-01T11:00:00Z'])).toEqual({
      source: 'event',
      reason: 'UpdateFailed',
      count: 12,
      firstSeenAt: '2026-01-01T11:50:00Z',
      lastSeenAt: '2026-01-01T12:00:00Z',
      superseded: false,
    });
  });

  it('is superseded when last seen before a later success or store validation', () => {
    expect(
      causeInfo(warning, undefined, [undefined, '2026-01-01T12:00:01Z'])
        ?.superseded,
    ).toBe(true);
    // seen in the same second as the success: not known to be older
    expect(
      causeInfo(warning, undefined, ['2026-01-01T12:00:00Z'])?.superseded,
    ).toBe(false);
  });

  it('falls back to the condition, which is never superseded', () => {
    expect(
      causeInfo(
        undefined,
        {
          status: 'True',
          reason: 'SecretMissing',
          since: '2026-01-01T10:00:00Z',
        },
        ['2026-01-01T12:00:00Z'],
      ),
    ).toEqual({
      source: 'condition',
      reason: 'SecretMissing',
      firstSeenAt: '2026-01-01T10:00:00Z',
      superseded: false,
    });
    expect(causeInfo(undefined, undefined, [])).toBeUndefined();
  });
});
