/*
 * fleet-sim command line: `fleet-sim start --scenario demo|scale [--clusters N] [--per-cluster M]
 * [--time-scale X] [--config-out FILE] [--no-tls]` starts a fleet in this process, prints where
 * everything listens, and keeps running until SIGINT/SIGTERM.
 */
import {
  startFleet,
  type FleetHandle,
  type FleetOptions,
} from './fleet/startFleet';

export const USAGE = `Usage: fleet-sim start [options]

Starts simulated Kubernetes clusters with External Secrets Operator, Reloader and a Vault server.

Options:
  --scenario demo|scale   estate to build (default demo)
  --clusters N            scale: number of clusters (default 50)
  --per-cluster M         scale: ExternalSecrets per cluster (default 2000)
  --time-scale X          simulated seconds per real second (default 1)
  --config-out FILE       write the app-config fragment for the Backstage backend to FILE
  --no-tls                serve the Kubernetes API over plain HTTP
  --help                  show this help
`;

export interface CliArgs {
  command: string;
  options: FleetOptions;
}

function positiveNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0)
    throw new Error(`${flag} needs a positive number`);
  return n;
}

export function parseArgs(argv: string[]): CliArgs {
  const [command = 'help', ...rest] = argv;
  const options: FleetOptions = { scenario: 'demo' };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined];
    const value = () => inline ?? rest[++i];
    switch (name) {
      case '--scenario': {
        const v = value();
        if (v !== 'demo' && v !== 'scale')
          throw new Error('--scenario must be demo or scale');
        options.scenario = v;
        break;
      }
      case '--clusters':
        options.clusters = Math.floor(positiveNumber(name, value()));
        break;
      case '--per-cluster':
        options.perCluster = Math.floor(positiveNumber(name, value()));
        break;
      case '--time-scale':
        options.timeScale = positiveNumber(name, value());
        break;
      case '--config-out':
        options.configOut = value();
        if (!options.configOut) throw new Error('--config-out needs a file');
        break;
      case '--no-tls':
        options.tls = false;
        break;
      case '--help':
        return { command: 'help', options };
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return { command, options };
}

export function describeFleet(
  fleet: FleetHandle,
  options: FleetOptions,
): string {
  const lines = [
    `fleet-sim: scenario ${
      typeof options.scenario === 'string'
        ? options.scenario
        : options.scenario.name
    }, ${fleet.clusters.length} clusters, time x${
      fleet.clock.scale
    }, simulated now ${fleet.clock.nowRfc3339()}`,
    `  vault      ${fleet.vault.url}   root token ${fleet.vault.rootToken}`,
    ...fleet.clusters.map(
      c =>
        `  ${c.name.padEnd(10)} ${c.api.url}   ${c.plan.environment}, ESO ${
          c.plan.eso === 'v1' ? 'v1' : 'v1beta1 only'
        }`,
    ),
    `  admin API  ${fleet.admin.url}   Authorization: Bearer ${fleet.admin.token}`,
  ];
  lines.push(
    options.configOut
      ? `  app-config fragment written to ${options.configOut}`
      : '',
    options.configOut ? '' : fleet.appConfigYaml,
  );
  return lines.join('\n');
}

export async function main(
  argv: string[],
  out: (text: string) => void = t => process.stdout.write(`${t}\n`),
): Promise<FleetHandle | undefined> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    out(`fleet-sim: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  if (args.command !== 'start') {
    out(USAGE);
    if (args.command !== 'help') process.exitCode = 2;
    return undefined;
  }
  const fleet = await startFleet(args.options);
  out(describeFleet(fleet, args.options));
  out('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`fleet-sim: ${signal}, stopping`);
    await fleet.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // the servers keep the event loop alive; this keeps it alive even while they are down
  setInterval(() => undefined, 1 << 30);
  return fleet;
}
