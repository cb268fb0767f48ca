import { clusterNotes } from './clusterNotes';

describe('clusterNotes', () => {
  it('marks clusters in errors[] with the age of their data, and skips healthy ones', () => {
    const notes = clusterNotes(
      [
        {
          cluster: 'prod-us',
          errorType: 'UNREACHABLE',
          message: 'ECONNREFUSED',
          staleSeconds: 240,
        },
        { cluster: 'dev', errorType: 'UNAUTHORIZED', message: '401' },
        { cluster: 'bare', errorType: 'ESO_NOT_INSTALLED', message: 'none' },
      ],
      [
        { name: 'prod-eu', state: 'connected', esoApiVersion: 'v1' },
        {
          name: 'dev',
          state: 'unreachable',
          esoApiVersion: 'v1',
          staleSeconds: 7200,
        },
        {
          name: 'stage',
          state: 'degraded',
          esoApiVersion: 'v1',
          staleSeconds: 90,
        },
      ],
    );
    expect(Object.fromEntries(notes)).toEqual({
      'prod-us': 'cluster unreachable — data 4m old',
      dev: 'cluster credentials rejected — data 2h old',
      stage: 'cluster degraded — data 1m old',
    });
  });
});
