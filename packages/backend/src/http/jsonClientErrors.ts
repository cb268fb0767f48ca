import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** Node's own choice of status for parser errors (lib/_http_server.js), 400 for the rest. */
function statusOf(error: NodeJS.ErrnoException): number {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

const ERRORS: Record<number, { name: string; message: string }> = {
  400: { name: 'InputError', message: 'The request is not valid HTTP' },
  408: {
    name: 'RequestTimeoutError',
    message: 'The request took too long to arrive',
  },
  413: {
    name: 'PayloadTooLargeError',
    message: 'The chunk extensions of the request body are too large',
  },
  431: {
    name: 'RequestHeaderFieldsTooLargeError',
    message:
      'The request line and headers are larger than the server accepts (16 KiB by default); is a path segment, such as an entity name, far too long?',
  },
};

/**
 * Requests Node's HTTP parser rejects never reach Express: without this, the client gets a bare
 * status line and an empty body. This answers the same status with a Backstage error body, like
 * the error middleware's `{ error: { name, message }, response: { statusCode } }` (no `request`:
 * the parser could not read it).
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })
      ._httpMessage;
    if (
      error.code === 'ECONNRESET' ||
      !socket.writable ||
      inFlight?.headersSent
    ) {
      socket.destroy(error);
      return;
    }
    const statusCode = statusOf(error);
    const body = JSON.stringify({
      error: ERRORS[statusCode],
      response: { statusCode },
    });
    socket.end(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
