/*
 * Error texts as a Go program (ESO, built on net/http and the Vault Go client) prints them, so the
 * simulator's Events carry the strings operators see from a real controller.
 */

/** net/http's url.Error: the Op is the method with only its first letter upper case. */
export function goUrlError(method: string, url: string, cause: string): string {
  const op = method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
  return `${op} ${goQuote(url)}: ${cause}`;
}

const GO_ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * fmt's %q (strconv.Quote). A missing value is Go's zero value, the empty string, so `""`: a
 * JavaScript template would print `undefined` instead. Control characters use Go's `\x..` form.
 */
export function goQuote(text: string | undefined | null): string {
  let out = '"';
  for (const ch of text ?? '') {
    const code = ch.codePointAt(0)!;
    if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f)
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * NotFound of controller-runtime's cached client (pkg/cache/internal/cache_reader.go): it puts the
 * Kind where the API server puts the resource, so `ClusterSecretStore.external-secrets.io "x" not
 * found`, or `Namespace "x" not found` for the core group. ESO reads everything but Secrets and
 * ConfigMaps through that cache (cmd/controller/root.go: DisableFor unless --enable-secrets-caching).
 */
export function cachedNotFound(
  kind: string,
  group: string,
  name: string | undefined,
): string {
  return `${group ? `${kind}.${group}` : kind} ${goQuote(name)} not found`;
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
