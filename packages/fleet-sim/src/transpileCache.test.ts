import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface FakeTypeScript {
  transpileModule(
    source: string,
    options: { compilerOptions: object; fileName: string },
  ): { outputText: string };
}

// bin/ is plain CommonJS that node runs as it is, outside the TypeScript sources
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createTranspiler } = require('../bin/transpileCache') as {
  createTranspiler(options: {
    cacheDir: string;
    tsVersion: string;
    compilerOptions: object;
    typescript: () => FakeTypeScript;
  }): (filename: string, source: string) => string;
};

describe('bin/fleet-sim transpile cache', () => {
  let cacheDir: string;
  let loads: number;
  let transpiles: number;
  // stands in for the TypeScript compiler: counts loads and transpiles, marks its output
  const typescript = (): FakeTypeScript => {
    loads++;
    return {
      transpileModule: (source, { compilerOptions, fileName }) => {
        transpiles++;
        return {
          outputText: `// ${fileName} ${JSON.stringify(
            compilerOptions,
          )}\n${source}`,
        };
      },
    };
  };
  const transpiler = (tsVersion = '5.8.3') =>
    createTranspiler({
      cacheDir,
      tsVersion,
      compilerOptions: { module: 'commonjs', target: 'es2022' },
      typescript,
    });

  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-sim-tc-'));
    loads = 0;
    transpiles = 0;
  });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('transpiles a file once; a later start reads it without loading TypeScript', () => {
    const source = 'export const b: number = 1;\n';
    const first = transpiler()('/src/b.ts', source);
    expect(first).toBe(
      '// /src/b.ts {"module":"commonjs","target":"es2022"}\nexport const b: number = 1;\n',
    );
    expect(transpiles).toBe(1);

    loads = 0;
    expect(transpiler()('/src/b.ts', source)).toBe(first);
    expect(loads).toBe(0);
    expect(transpiles).toBe(1);
    expect(fs.readdirSync(cacheDir).filter(f => f.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  it('misses when the source, the path or the TypeScript version changes', () => {
    transpiler()('/src/b.ts', 'export const b = 1;\n');
    expect(transpiler()('/src/b.ts', 'export const b = 2;\n')).toContain(
      'b = 2',
    );
    transpiler()('/src/c.ts', 'export const b = 2;\n');
    transpiler('5.9.0')('/src/c.ts', 'export const b = 2;\n');
    expect(transpiles).toBe(4);
    expect(fs.readdirSync(cacheDir)).toHaveLength(4);
  });

  it('still transpiles when the cache cannot be written', () => {
    const file = path.join(cacheDir, 'not-a-dir');
    fs.writeFileSync(file, '');
    const out = createTranspiler({
      cacheDir: file,
      tsVersion: '5.8.3',
      compilerOptions: {},
      typescript,
    })('/src/b.ts', 'export const b = 1;\n');
    expect(out).toContain('export const b = 1;');
  });
});
