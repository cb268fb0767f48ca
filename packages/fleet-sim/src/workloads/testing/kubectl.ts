/*
 * Test-only: a real kubectl against a simulated API server (the Debian 1.20 build at
 * /opt/debian-kubectl, SECRETS_DEBIAN_KUBECTL, or the kubectl on PATH), with an isolated HOME so
 * discovery caches do not leak between runs.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeApiServerHandle } from '../../kube/createKubeApiServer';
import { ADMIN_RULES } from '../../kube/http/accessRules';

export function findKubectl(): string | undefined {
  const debian =
    process.env.SECRETS_DEBIAN_KUBECTL ||
    join(
      process.env.SECRETS_DEBIAN_KUBECTL_DIR || '/opt/debian-kubectl',
      'usr/bin/kubectl',
    );
  if (existsSync(debian)) return debian;
  try {
    return (
      execFileSync('sh', ['-c', 'command -v kubectl'], {
        encoding: 'utf8',
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  run(...args: string[]): Promise<KubectlRun>;
  /** writes a manifest to a temporary file and returns its path */
  file(name: string, text: string): string;
  dispose(): void;
}

export function kubectlFor(
  binary: string,
  server: KubeApiServerHandle,
  namespace: string,
): Kubectl {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-sim-kubectl-'));
  writeFileSync(
    join(dir, 'kubeconfig'),
    server.kubeconfig(server.issueToken(ADMIN_RULES, { user: 'admin' })),
  );
  const env = {
    PATH: process.env.PATH,
    KUBECONFIG: join(dir, 'kubeconfig'),
    HOME: dir,
  };
  return {
    run: (...args) =>
      new Promise(resolve => {
        execFile(
          binary,
          ['-n', namespace, ...args],
          { env, timeout: 20_000 },
          (error, stdout, stderr) =>
            resolve({
              code: error ? Number((error as any).code ?? 1) : 0,
              stdout,
              stderr,
            }),
        );
      }),
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
