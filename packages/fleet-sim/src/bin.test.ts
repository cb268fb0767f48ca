import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { USAGE } from './cli';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', 'bin', 'fleet-sim');

describe('bin/fleet-sim', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-sim-bin-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // one cold start: reading the cache back is transpileCache.test.ts's (a second start costs seconds)
  it('loads the whole CLI from its sources and keeps what it compiled', async () => {
    const env = { ...process.env, TMPDIR: tmp, NODE_OPTIONS: '' };
    const { stdout } = await run(process.execPath, [BIN, 'help'], { env });
    expect(stdout).toBe(`${USAGE}\n`);
    const cached = fs.readdirSync(path.join(tmp, 'fleet-sim-transpiled'));
    // cli.ts pulls in every part of the simulator
    expect(cached.length).toBeGreaterThan(150);
  }, 30_000);
});
