/** What went wrong below HTTP: no response at all from the API server. */
export type NetworkFailure = 'refused' | 'timeout' | 'tls' | 'dns' | 'reset';

const TLS_CODE =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^ERR_TLS_|^ERR_SSL_/;

/**
 * Names the cause of a failed connection, in words an operator acts on. Node's socket and TLS
 * errors never carry request headers, so no credential can leak through the message.
 */
export function describeNetworkError(
  error: Error & { code?: string },
  host: string,
): { failure: NetworkFailure; message: string } {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED')
    return { failure: 'refused', message: `connection refused by ${host}` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return {
      failure: 'dns',
      message: `DNS lookup of ${hostnameOf(host)} failed (${code})`,
    };
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT')
    return { failure: 'timeout', message: `connection to ${host} timed out` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return { failure: 'refused', message: `${host} is unreachable (${code})` };
  if (TLS_CODE.test(code))
    return {
      failure: 'tls',
      message: `TLS certificate of ${host} is not trusted: ${error.message} (${code})`,
    };
  return {
    failure: 'reset',
    message: `connection to ${host} failed: ${error.message}${
      code ? ` (${code})` : ''
    }`,
  };
}

function hostnameOf(host: string): string {
  return host.replace(/:\d+$/, '');
}
