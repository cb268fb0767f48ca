import { ServerResponse } from 'node:http';

const END = Symbol('end');

/**
 * The write side of one watch: newline-delimited JSON over a chunked response, fed from a queue of
 * ready lines and lazy line sources (a large initial state is rendered only as fast as the client
 * reads). A client that stops reading is cut off once too much is buffered, like the real server
 * terminating unresponsive watchers.
 */
export class WatchStream {
  readonly #res: ServerResponse;
  readonly #queue: Array<string | Iterator<string> | typeof END> = [];
  readonly #maxBufferedBytes: number;
  #waitingForDrain = false;
  #ended = false;
  #closed = false;
  #onClose: Array<() => void> = [];

  constructor(res: ServerResponse, maxBufferedBytes = 64 * 1024 * 1024) {
    this.#res = res;
    this.#maxBufferedBytes = maxBufferedBytes;
    res.on('close', () => this.#finish());
    res.on('drain', () => {
      this.#waitingForDrain = false;
      this.#pump();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  onClose(fn: () => void): void {
    if (this.#closed) fn();
    else this.#onClose.push(fn);
  }

  start(): void {
    this.#res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    this.#res.flushHeaders();
  }

  push(line: string | Iterator<string>): void {
    if (this.#closed || this.#ended) return;
    this.#queue.push(line);
    this.#pump();
  }

  /** Ends the response once everything queued has been written (timeout, ERROR event). */
  endWhenFlushed(): void {
    if (this.#closed || this.#ended) return;
    this.#ended = true;
    this.#queue.push(END);
    this.#pump();
  }

  /** Drops the connection without a clean end (fault injection, slow consumer). */
  destroy(): void {
    this.#res.socket?.destroy();
    this.#res.destroy();
    this.#finish();
  }

  #pump(): void {
    while (!this.#closed && !this.#waitingForDrain && this.#queue.length) {
      const head = this.#queue[0];
      let line: string;
      if (head === END) {
        this.#queue.length = 0;
        this.#res.end();
        return;
      }
      if (typeof head === 'string') {
        this.#queue.shift();
        line = head;
      } else {
        const next = head.next();
        if (next.done) {
          this.#queue.shift();
          continue;
        }
        line = next.value;
      }
      if (!this.#res.write(line)) this.#waitingForDrain = true;
      if (this.#res.writableLength > this.#maxBufferedBytes) {
        this.destroy();
        return;
      }
    }
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    const callbacks = this.#onClose;
    this.#onClose = [];
    callbacks.forEach(fn => fn());
  }
}
