import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { answerClientErrorsAsJson } from './jsonClientErrors';

/** Sends raw bytes and returns everything the server answers before closing. */
function raw(server: Server, text: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', d => (answer += d.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('answerClientErrorsAsJson', () => {
  let server: Server;
  let handled = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      handled++;
      res.end('ok');
    });
    answerClientErrorsAsJson(server);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise(r => server.close(r)));

  it('431 with a JSON error body for a 20,000-character entity name', async () => {
    const name = 'a'.repeat(20_000);
    const answer = await raw(
      server,
      `GET /api/secrets/entities/default/component/${name}/secrets HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(head).toContain('Content-Type: application/json');
    expect(JSON.parse(body)).toEqual({
      error: {
        name: 'RequestHeaderFieldsTooLargeError',
        message: expect.stringContaining('larger than the server accepts'),
      },
      response: { statusCode: 431 },
    });
    expect(handled).toBe(0);
  });

  it('400 with a JSON error body for a request that is not HTTP', async () => {
    const answer = await raw(server, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]).response).toEqual({
      statusCode: 400,
    });
  });

  it('leaves valid requests alone', async () => {
    const answer = await raw(
      server,
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(handled).toBe(1);
  });
});
