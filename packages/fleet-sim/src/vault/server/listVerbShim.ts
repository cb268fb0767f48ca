import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';

/** Internal header carrying the original verb of a rewritten LIST request. */
const METHOD_HEADER = 'x-fleet-sim-original-method';
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/** The request's verb as the client sent it (LIST survives the shim as an internal header). */
export function originalMethod(req: IncomingMessage): string {
  return req.headers[METHOD_HEADER] === 'LIST' ? 'LIST' : req.method ?? 'GET';
}

type State =
  | { kind: 'head' }
  | { kind: 'body'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'trailers' };

/**
 * Node's HTTP parser (llhttp) rejects Vault's custom `LIST` verb with HPE_INVALID_METHOD. Each
 * connection is therefore passed through this filter, which follows HTTP/1.1 message framing
 * (Content-Length and chunked bodies, keep-alive) and rewrites only `LIST` request lines into
 * `GET` plus an internal header; every other byte is forwarded untouched, and responses are
 * written straight to the client socket.
 */
export class ListVerbShim extends Duplex {
  #buffer = Buffer.alloc(0);
  #state: State = { kind: 'head' };

  constructor(private readonly socket: Duplex) {
    super();
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(this.#transform(chunk))) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.on('error', error => this.destroy(error));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.socket.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(
    error: Error | null,
    callback: (error?: Error | null) => void,
  ): void {
    this.socket.destroy();
    callback(error);
  }

  setTimeout(): this {
    return this;
  }

  #transform(chunk: Buffer): Buffer {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      const step = this.#step();
      if (!step) break;
      out.push(step);
    }
    return Buffer.concat(out);
  }

  /** Consumes one framing unit from the buffer; undefined when more bytes are needed. */
  #step(): Buffer | undefined {
    const buf = this.#buffer;
    if (buf.length === 0) return undefined;
    const state = this.#state;
    const take = (n: number) => {
      this.#buffer = buf.subarray(n);
      return buf.subarray(0, n);
    };
    switch (state.kind) {
      case 'head': {
        const end = buf.indexOf(HEAD_END);
        if (end < 0)
          return buf.length > MAX_HEAD_BYTES ? take(buf.length) : undefined;
        return this.#rewriteHead(take(end + HEAD_END.length));
      }
      case 'body':
      case 'chunk-data': {
        const n = Math.min(state.remaining, buf.length);
        state.remaining -= n;
        if (state.remaining === 0)
          this.#state =
            state.kind === 'body' ? { kind: 'head' } : { kind: 'chunk-size' };
        return take(n);
      }
      case 'chunk-size': {
        const end = buf.indexOf(CRLF);
        if (end < 0) return undefined;
        const size =
          parseInt(
            buf.subarray(0, end).toString('latin1').split(';')[0].trim(),
            16,
          ) || 0;
        // chunk data is followed by CRLF, which is forwarded as part of the data
        this.#state =
          size === 0
            ? { kind: 'trailers' }
            : { kind: 'chunk-data', remaining: size + 2 };
        return take(end + 2);
      }
      case 'trailers': {
        const end = buf.indexOf(CRLF);
        if (end < 0) return undefined;
        if (end === 0) this.#state = { kind: 'head' };
        return take(end + 2);
      }
      default:
        return undefined;
    }
  }

  #rewriteHead(head: Buffer): Buffer {
    const lines = head.toString('latin1').split('\r\n');
    const [method, ...rest] = lines[0].split(' ');
    const headers = lines
      .slice(1)
      .filter(line => !line.toLowerCase().startsWith(`${METHOD_HEADER}:`));
    const header = (name: string) =>
      headers
        .find(line => line.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim()
        .toLowerCase();
    if (header('transfer-encoding')?.includes('chunked'))
      this.#state = { kind: 'chunk-size' };
    else {
      const length = Number(header('content-length') ?? 0);
      if (length > 0) this.#state = { kind: 'body', remaining: length };
    }
    if (method.toUpperCase() !== 'LIST') return head;
    const rewritten = [
      `GET ${rest.join(' ')}`,
      `${METHOD_HEADER}: LIST`,
      ...headers,
    ];
    return Buffer.from(rewritten.join('\r\n'), 'latin1');
  }
}
