/*
 * Child process of the benchmark that plays the browser: it GETs a path over a keep-alive
 * connection with the browser's Accept-Encoding, decodes the body (br or gzip, as the server
 * chose), parses the JSON and, for the compact entity form, expands it as the frontend's client
 * does. Each sample is request start to usable object. In its own process, as a browser is, so
 * its decoding and parsing neither block the server's event loop nor add to its heap.
 */
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  expandEntitySecrets,
  isCompactEntitySecrets,
} from '@secrets-plugin/plugin-secrets-common';

/** What Chromium sends. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

export interface ClientJob {
  port: number;
  paths: string[];
  count: number;
  warmup: number;
  /** `identity` to time the uncompressed answer. */
  acceptEncoding: 'browser' | 'identity';
}

export interface ClientResult {
  samples: number[];
  /** Bytes on the wire and decoded, of the last answer. */
  wireBytes: number;
  jsonBytes: number;
  encoding: string;
  /** Rows of the last answer, to check it is whole. */
  rows: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function decode(raw: Buffer, encoding: string): Buffer {
  if (encoding === 'br') return brotliDecompressSync(raw);
  if (encoding === 'gzip') return gunzipSync(raw);
  return raw;
}

function get(
  port: number,
  path: string,
  encoding: string,
): Promise<{ body: any; wire: number; json: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        path,
        headers: { 'accept-encoding': encoding, accept: 'application/json' },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const used = String(res.headers['content-encoding'] ?? 'identity');
          const decoded = decode(raw, used);
          const text = decoded.toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            return;
          }
          const parsed = JSON.parse(text);
          resolve({
            body: isCompactEntitySecrets(parsed)
              ? expandEntitySecrets(parsed)
              : parsed,
            wire: raw.length,
            json: decoded.length,
            encoding: used,
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function run(job: ClientJob): Promise<ClientResult> {
  const encoding =
    job.acceptEncoding === 'browser' ? BROWSER_ENCODINGS : 'identity';
  const samples: number[] = [];
  let last: Awaited<ReturnType<typeof get>> | undefined;
  for (let i = 0; i < job.warmup + job.count; i++) {
    const t = performance.now();
    last = await get(job.port, job.paths[i % job.paths.length], encoding);
    if (i >= job.warmup) samples.push(performance.now() - t);
  }
  const groups: Array<{ rows: unknown[] }> = last?.body.groups ?? [];
  return {
    samples,
    wireBytes: last?.wire ?? 0,
    jsonBytes: last?.json ?? 0,
    encoding: last?.encoding ?? 'none',
    rows: groups.reduce((n, g) => n + g.rows.length, 0),
  };
}

process.on('message', (job: ClientJob) => {
  run(job).then(
    result => process.send!({ type: 'result', result }),
    error => process.send!({ type: 'error', message: String(error?.stack) }),
  );
});
process.on('disconnect', () => process.exit(0));
