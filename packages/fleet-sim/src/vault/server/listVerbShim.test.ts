import { connect } from 'node:net';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from './startVaultServer';

/** Sends raw bytes on one connection and collects what comes back until `count` responses arrived. */
function rawExchange(
  url: string,
  payload: string,
  count: number,
): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.write(payload),
    );
    let received = '';
    socket.on('data', chunk => {
      received += chunk.toString();
      if (
        (received.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= count &&
        received.trimEnd().endsWith('}')
      ) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
  });
}

describe('LIST verb support on a keep-alive connection', () => {
  const clock = new SimClock({ scale: 1000 });

  it('frames chunked bodies correctly and rewrites only LIST request lines', async () => {
    const vault = await startVaultServer({ clock });
    try {
      vault.engine.enableKv({ path: 'kv', version: 1 });
      const json = JSON.stringify({
        note: 'LIST /v1/kv HTTP/1.1 inside a body',
      });
      const chunked = `${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n`;
      const payload =
        `PUT /v1/kv/a HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${vault.rootToken}\r\nContent-Type: application/json\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n${chunked}` +
        `LIST /v1/kv HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${vault.rootToken}\r\n\r\n`;
      const received = await rawExchange(vault.url, payload, 2);
      expect(received).toMatch(/^HTTP\/1\.1 204/);
      expect(received).toContain('HTTP/1.1 200');
      expect(received).toContain('"keys":["a"]');
      expect(vault.engine.readSecret({ mount: 'kv', path: 'a' })?.data).toEqual(
        { note: 'LIST /v1/kv HTTP/1.1 inside a body' },
      );
    } finally {
      await vault.stop();
    }
  });
});
