import { clusterDuration, restartLabel, rotationDuration } from './rotation';

describe('rotation wording', () => {
  const at = '2026-12-01T12:00:00Z';
  const cluster = {
    cluster: 'prod-eu',
    state: 'landed' as const,
    startedAt: at,
    updatedAt: at,
  };

  it('shows sub-second propagation with a decimal instead of 0s', () => {
    expect(clusterDuration({ ...cluster, propagationSeconds: 0.42 })).toBe(
      '0.4s',
    );
    expect(clusterDuration({ ...cluster, propagationSeconds: 75 })).toBe('1m');
  });

  it('measures a running cluster and rotation up to now', () => {
    const now = Date.parse(at) + 3_500;
    expect(clusterDuration(cluster, now)).toBe('3.5s');
    expect(rotationDuration({ createdAt: at }, Date.parse(at) + 90_000)).toBe(
      '1m',
    );
  });

  it('says who restarts a workload', () => {
    expect(restartLabel('us')).toBe('the rotation restarts it');
    expect(restartLabel('nobody')).toBe('nothing restarts it');
  });
});
