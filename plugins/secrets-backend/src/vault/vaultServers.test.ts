import { NotFoundError } from '@backstage/errors';
import type { VaultServerConfig } from '../config/types';
import { credentialsFor, findVaultServer } from './vaultServers';

const server: VaultServerConfig = {
  name: 'main',
  url: 'https://vault.example.com:8200',
  backendUrl: 'https://vault.internal:8200',
  skipTLSVerify: false,
  healthCheckIntervalMs: 30_000,
  auth: { type: 'token', token: 't-root' },
  namespaces: [
    {
      namespace: 'team-a',
      auth: {
        type: 'approle',
        mountPath: 'approle',
        roleId: 'r',
        secretId: 's',
      },
    },
  ],
};
const other: VaultServerConfig = {
  ...server,
  name: 'other',
  url: 'https://vault.other.com',
  namespaces: [],
};

describe('findVaultServer', () => {
  it.each([
    'https://vault.example.com:8200',
    'https://vault.example.com:8200/',
    'HTTPS://Vault.Example.com:8200',
  ])('matches %s by normalised URL', url => {
    expect(findVaultServer([other, server], url).name).toBe('main');
  });

  it('matches the default port written out', () => {
    expect(findVaultServer([other], 'https://vault.other.com:443').name).toBe(
      'other',
    );
  });

  it('names the server and the config key when none matches', () => {
    expect(() =>
      findVaultServer([server], 'https://vault.example.com'),
    ).toThrow(
      new NotFoundError(
        "No Vault server 'https://vault.example.com' is configured: add it to secrets.vault[] with url: https://vault.example.com",
      ),
    );
  });
});

describe('credentialsFor', () => {
  it("uses a namespace's own credentials, logging in there", () => {
    expect(credentialsFor(server, '/team-a/')).toEqual({
      auth: server.namespaces[0].auth,
      namespace: 'team-a',
      configKey: 'secrets.vault[name=main].namespaces[0].auth',
    });
  });

  it("falls back to the server's credentials from the root", () => {
    for (const namespace of ['team-b', undefined, ''])
      expect(credentialsFor(server, namespace)).toEqual({
        auth: server.auth,
        namespace: '',
        configKey: 'secrets.vault[name=main].auth',
      });
  });
});
