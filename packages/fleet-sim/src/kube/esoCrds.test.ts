import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ESO_CRD_DIR, loadEsoCrds } from './esoCrds';

describe('loadEsoCrds', () => {
  it('serves from the on-disk cache exactly what parsing the YAML gives', () => {
    const first = loadEsoCrds();
    let fromCache: ReturnType<typeof loadEsoCrds> | undefined;
    // a fresh module registry, as the next Jest test file has: reads the JSON the first wrote
    jest.isolateModules(() => {
      fromCache = require('./esoCrds').loadEsoCrds();
    });
    const cacheFiles = readdirSync(tmpdir()).filter(f =>
      /^fleet-sim-eso-crds-[0-9a-f]{16}\.json$/.test(f),
    );
    expect(cacheFiles.length).toBeGreaterThan(0);
    expect(
      cacheFiles.some(
        f =>
          JSON.stringify(
            JSON.parse(readFileSync(join(tmpdir(), f), 'utf8')),
          ) === JSON.stringify(first),
      ),
    ).toBe(true);
    expect(fromCache).toEqual(first);
    expect(fromCache).not.toBe(first);
    const kinds = readdirSync(ESO_CRD_DIR)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .map(
        f => parse(readFileSync(join(ESO_CRD_DIR, f), 'utf8')).spec.names.kind,
      );
    expect(first.map(c => c.kind)).toEqual(kinds);
  });
});
