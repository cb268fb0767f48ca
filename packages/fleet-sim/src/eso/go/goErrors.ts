/*
 * Error texts as a Go program (ESO, built on net/http and the Vault Go client) prints them, so the
 * simulator's Events carry the strings operators see from a real controller.
 */

/** net/http's url.Error: the Op is the method with only its first letter upper case. */
export function goUrlError(method: string, url: string, cause: string): string {
  const op = method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
  return `${op} ${goQuote(url)}: ${cause}`;
}

/** fmt's %q for the ASCII strings we quote (URLs, names). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** The Go dial/read error for a Node socket error, e.g. ECONNREFUSED → `dial tcp …: connect: connection refused`. */
export function goNetErrorText(error: unknown, host: string): string {
  const err = error as {
    code?: string;
    message?: string;
    cause?: { code?: string };
  };
  const code = err?.code ?? err?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `dial tcp ${host}: connect: connection refused`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'EOF';
    case 'ETIMEDOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
    case 'ENOTFOUND':
      return `dial tcp: lookup ${host.split(':')[0]}: no such host`;
    case 'EHOSTUNREACH':
      return `dial tcp ${host}: connect: no route to host`;
    default:
      return err?.message ?? String(error);
  }
}
