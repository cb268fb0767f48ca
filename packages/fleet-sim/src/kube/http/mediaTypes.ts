import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  badRequest,
  notAcceptable,
  statusBody,
  unsupportedMediaType,
} from '../apiErrors';
import {
  decodeKubeProtobuf,
  PROTOBUF_MEDIA_TYPE,
  ProtobufError,
} from '../protobuf/decodeKubeProtobuf';
import { PROTOBUF_KIND_NAMES } from '../protobuf/messages';
import { KubeApiError } from '../types';
import type { PartialMetadataFormat } from './partialMetadata';

/** Content negotiation and body handling as the API server's serializers do them (JSON, YAML, Table). */
export type ResponseFormat =
  | { kind: 'json' }
  | { kind: 'yaml' }
  | {
      kind: 'table';
      version: 'v1' | 'v1beta1';
      includeObject: 'None' | 'Metadata' | 'Object';
    }
  | PartialMetadataFormat;

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [{ type: '*/*', params: {} }];
  return accept.split(',').map(part => {
    const [type, ...params] = part.split(';').map(s => s.trim());
    return {
      type: type.toLowerCase(),
      params: Object.fromEntries(
        params.map(p => p.split('=').map(s => s.trim()) as [string, string]),
      ),
    };
  });
}

// Responses are never protobuf (clients that send it also accept JSON), so a 406 does not offer it.
const SERVED = ['application/json', 'application/yaml'];

/**
 * `readEndpoint`: GET, LIST and WATCH, which also serve Table and PartialObjectMetadata[List]
 * (writes answer the object as written, in JSON or YAML).
 */
export function negotiate(
  accept: string | undefined,
  readEndpoint: boolean,
  includeObject: string | null,
): ResponseFormat {
  for (const range of parseAccept(accept)) {
    const as = range.params.as;
    const jsonish =
      range.type === 'application/json' ||
      range.type === 'application/*' ||
      range.type === '*/*';
    if (
      (jsonish || range.type === 'application/yaml') &&
      (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') &&
      range.params.g === 'meta.k8s.io' &&
      readEndpoint
    ) {
      const version = range.params.v;
      // another group version does not fit this endpoint: the next range may
      if (version !== 'v1' && version !== 'v1beta1') continue;
      return {
        kind: 'partial',
        version,
        list: as === 'PartialObjectMetadataList',
        encoding: jsonish ? 'json' : 'yaml',
      };
    }
    if (
      jsonish &&
      as === 'Table' &&
      range.params.g === 'meta.k8s.io' &&
      readEndpoint
    ) {
      const version = range.params.v;
      if (version !== 'v1' && version !== 'v1beta1') continue;
      const include =
        includeObject === 'None' || includeObject === 'Object'
          ? includeObject
          : 'Metadata';
      return { kind: 'table', version, includeObject: include };
    }
    if (as) continue; // discovery documents, ...: not for this endpoint
    if (jsonish) return { kind: 'json' };
    if (range.type === 'application/yaml') return { kind: 'yaml' };
  }
  throw notAcceptable(SERVED);
}

/** Reads the request body (3 MiB cap, like the server's request size limit). */
export async function readBody(
  req: IncomingMessage,
  limit = 3 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new KubeApiError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function contentTypeOf(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function decodeProtobufBody(body: Buffer, kind: string): unknown {
  try {
    const decoded = decodeKubeProtobuf(body);
    if ('object' in decoded) return decoded.object;
    const { apiVersion, kind: sent } = decoded.unsupported;
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): no kind "${sent}" is registered for version "${apiVersion}"`,
    );
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): ${error.message}`,
    );
  }
}

/**
 * Decodes a create/update body: JSON, YAML, or protobuf for the kinds whose generated messages
 * fleet-sim knows (protobuf/messages.ts: what kubectl's typed clients send). The 415 lists only
 * what this kind's body may really be sent as.
 */
export function decodeObjectBody(
  body: Buffer,
  contentType: string,
  kind: string,
): unknown {
  const protobuf = PROTOBUF_KIND_NAMES.has(kind);
  if (protobuf && contentType === PROTOBUF_MEDIA_TYPE)
    return decodeProtobufBody(body, kind);
  if (
    contentType !== 'application/json' &&
    contentType !== 'application/yaml' &&
    contentType !== '*/*'
  ) {
    throw unsupportedMediaType([
      'application/json',
      'application/yaml',
      ...(protobuf ? [PROTOBUF_MEDIA_TYPE] : []),
    ]);
  }
  try {
    const text = body.toString('utf8');
    return contentType === 'application/yaml'
      ? parseYaml(text)
      : JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${
        (error as Error).message
      }`,
    );
  }
}

export function sendText(
  res: ServerResponse,
  code: number,
  contentType: string,
  text: string,
  headers: Record<string, string | string[]> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(code, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendObject(
  res: ServerResponse,
  code: number,
  body: unknown,
  format: ResponseFormat = { kind: 'json' },
  headers: Record<string, string | string[]> = {},
): void {
  if (format.kind === 'yaml') {
    const value = typeof body === 'string' ? JSON.parse(body) : body;
    sendText(res, code, 'application/yaml', stringifyYaml(value), headers);
  } else {
    sendText(
      res,
      code,
      'application/json',
      typeof body === 'string' ? body : JSON.stringify(body),
      headers,
    );
  }
}

export function sendError(res: ServerResponse, error: KubeApiError): void {
  sendObject(res, error.code, statusBody(error));
}

/** `Warning` response headers (RFC 7234 code 299), as for pruned unknown fields. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (!warnings.length) return {};
  return { Warning: warnings.map(w => `299 - ${JSON.stringify(w)}`) };
}
