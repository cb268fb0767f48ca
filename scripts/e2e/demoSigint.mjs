// Ctrl-C stops everything `npm start` started: SIGINT to the npm process alone, once the demo is
// running and once in the middle of its start-up; afterwards no process of its session is left
// and no port it listened on answers. Run by scripts/ci/demo-sigint.sh.
import { assertNothingLeft, startDemo } from './demoProcess.mjs';

const cases = [
  {
    name: 'running demo',
    until: /Secrets demo is running:\s+(\S+)/,
    check(report, demo) {
      // the checks below mean something only if the demo really listened
      if (!report.openBefore.includes(demo.port))
        throw new Error(`the backend was not listening on ${demo.port}`);
      if (report.openBefore.length < 5)
        throw new Error(
          `expected the backend, Vault, 3 API servers and the admin API listening; saw ${report.openBefore}`,
        );
    },
  },
  {
    name: 'during start-up (fleet-sim and the app build or backend starting)',
    until: /demo: starting (fleet-sim|backend)()/,
    check() {},
  },
];

// --dev: the same for `npm run dev`'s mode (webpack dev server on :3000), slower to start
if (process.argv.includes('--dev'))
  cases.push({
    name: 'running demo in dev mode',
    env: { SECRETS_DEMO_DEV: '1', SECRETS_DEMO_PORT: '7007' },
    until: /Secrets demo is running:\s+(\S+)/,
    check(report) {
      if (!report.openBefore.includes(7007))
        throw new Error('the backend was not listening on 7007');
    },
  });

let failed = false;
for (const c of cases) {
  const demo = await startDemo({ until: c.until, log: null, env: c.env });
  const report = await demo.stop();
  try {
    c.check(report, demo);
    assertNothingLeft(report);
    console.log(
      `ok   SIGINT, ${c.name}: npm exited (${report.exitCode}) in ${report.stopMs} ms; ${report.before} processes and ${report.openBefore.length} ports before, none after`,
    );
  } catch (error) {
    failed = true;
    console.log(`FAIL SIGINT, ${c.name}: ${error.message}`);
    console.log(demo.output().slice(-3000));
  }
}
process.exit(failed ? 1 : 0);
