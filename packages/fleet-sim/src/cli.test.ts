import { main, parseArgs, USAGE } from './cli';

describe('fleet-sim CLI', () => {
  it('parses start options', () => {
    expect(
      parseArgs([
        'start',
        '--scenario',
        'scale',
        '--clusters',
        '3',
        '--per-cluster=10',
        '--time-scale',
        '60',
        '--config-out',
        '/tmp/x.yaml',
        '--no-tls',
      ]),
    ).toEqual({
      command: 'start',
      options: {
        scenario: 'scale',
        clusters: 3,
        perCluster: 10,
        timeScale: 60,
        configOut: '/tmp/x.yaml',
        tls: false,
      },
    });
    expect(parseArgs(['start'])).toEqual({
      command: 'start',
      options: { scenario: 'demo' },
    });
  });

  it('rejects bad input with the usage text', async () => {
    expect(() => parseArgs(['start', '--scenario', 'big'])).toThrow(
      '--scenario must be demo or scale',
    );
    expect(() => parseArgs(['start', '--time-scale', '-1'])).toThrow(
      '--time-scale needs a positive number',
    );
    expect(() => parseArgs(['start', '--frobnicate'])).toThrow(
      'unknown option --frobnicate',
    );
    const out: string[] = [];
    const previous = process.exitCode;
    await main(['start', '--clusters', 'many'], t => out.push(t));
    expect(out.join('')).toContain('--clusters needs a positive number');
    expect(out.join('')).toContain(USAGE);
    expect(process.exitCode).toBe(2);
    process.exitCode = previous;
  });
});
