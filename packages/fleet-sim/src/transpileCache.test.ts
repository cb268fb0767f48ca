import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Compile = (source: string, filename: string, options: object) => string;

// bin/ is plain CommonJS that node runs as it is, outside the TypeScript sources
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createTranspiler } = require('../bin/transpileCache') as {
  createTranspiler(settings: {
    cacheDir: string;
    compilerId: string;
    options: object;
    compile: Compile;
  }): (filename: string, source: string) => string;
};

describe('bin/fleet-sim transpile cache', () => {
  let cacheDir: string;
  let compiles: number;
  // stands in for SWC: counts its calls and marks its output with what it was given
  const compile: Compile = (source, filename, options) => {
    compiles++;
    return `// ${filename} ${JSON.stringify(options)}\n${source}`;
  };
  const transpiler = (compilerId = 'swc 1.16.22', dir = cacheDir) =>
    createTranspiler({
      cacheDir: dir,
      compilerId,
      options: { module: { type: 'commonjs' } },
      compile,
    });

  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-sim-tc-'));
    compiles = 0;
  });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('compiles a file once; a later start reads it from the cache', () => {
    const source = 'export const b: number = 1;\n';
    const first = transpiler()('/src/b.ts', source);
    expect(first).toBe(
      '// /src/b.ts {"module":{"type":"commonjs"}}\nexport const b: number = 1;\n',
    );
    expect(transpiler()('/src/b.ts', source)).toBe(first);
    expect(compiles).toBe(1);
    expect(fs.readdirSync(cacheDir)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}\.js$/),
    ]);
  });

  it('misses when the source, the path or the compiler changes', () => {
    transpiler()('/src/b.ts', 'export const b = 1;\n');
    expect(transpiler()('/src/b.ts', 'export const b = 2;\n')).toContain(
      'b = 2',
    );
    transpiler()('/src/c.ts', 'export const b = 2;\n');
    transpiler('swc 1.17.0')('/src/c.ts', 'export const b = 2;\n');
    expect(compiles).toBe(4);
    expect(fs.readdirSync(cacheDir)).toHaveLength(4);
  });

  it('still compiles when the cache cannot be written', () => {
    const file = path.join(cacheDir, 'not-a-dir');
    fs.writeFileSync(file, '');
    const out = transpiler('swc 1.16.22', file)(
      '/src/b.ts',
      'export const b = 1;\n',
    );
    expect(out).toContain('export const b = 1;');
    expect(transpiler('swc 1.16.22', file)('/src/b.ts', 'x')).toContain('x');
    expect(compiles).toBe(2);
  });
});
