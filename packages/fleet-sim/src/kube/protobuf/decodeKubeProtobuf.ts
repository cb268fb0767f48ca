import {
  FieldSpec,
  FieldType,
  MessageSchema,
  PROTOBUF_KINDS,
  Scalar,
} from './messages';
import { ProtobufError, readFields, toInt64, WireField } from './wire';

/**
 * apimachinery's protobuf serializer (runtime/serializer/protobuf): a body is the 4-byte
 * prefix `k8s\0` then a runtime.Unknown {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2,
 * contentEncoding = 3, contentType = 4} whose `raw` is the kind's generated message. Decoded to
 * the object's JSON form (omitempty: zero values dropped), so everything after the decoder is the
 * same as for a JSON body.
 */

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const PREFIX = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export { ProtobufError };

function rfc3339(fields: WireField[]): string | undefined {
  const seconds = toInt64(fields.find(x => x.no === 1)?.int ?? 0n);
  if (seconds === 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function scalar(field: WireField, type: Scalar): unknown {
  switch (type) {
    case 'string':
      return (field.bytes ?? Buffer.alloc(0)).toString('utf8');
    case 'bytes':
      return (field.bytes ?? Buffer.alloc(0)).toString('base64');
    case 'int':
      return toInt64(field.int ?? 0n);
    default:
      return (field.int ?? 0n) !== 0n;
  }
}

function value(field: WireField, type: FieldType): unknown {
  if (typeof type === 'string') {
    if (type === 'time') return rfc3339(readFields(field.bytes!));
    if (type === 'fieldsV1') {
      const raw = readFields(field.bytes!).find(x => x.no === 1)?.bytes;
      return raw ? JSON.parse(raw.toString('utf8')) : undefined;
    }
    if (type === 'extraValue')
      return readFields(field.bytes!)
        .filter(x => x.no === 1)
        .map(x => scalar(x, 'string'));
    if (type === 'quantity') {
      const raw = readFields(field.bytes!).find(x => x.no === 1);
      return raw ? scalar(raw, 'string') : '';
    }
    if (type === 'intOrString') {
      const parts = readFields(field.bytes!);
      const isString = (parts.find(x => x.no === 1)?.int ?? 0n) === 1n;
      const part = parts.find(x => x.no === (isString ? 3 : 2));
      if (isString) return part ? scalar(part, 'string') : '';
      return part ? scalar(part, 'int') : 0;
    }
    return scalar(field, type);
  }
  if ('message' in type) return decodeMessage(field.bytes!, type.message());
  return undefined;
}

// omitempty: zero values of non-pointer fields are not in the JSON form
const isEmpty = (v: unknown) =>
  v === undefined ||
  v === '' ||
  v === 0 ||
  v === false ||
  (Array.isArray(v) && !v.length);

export function decodeMessage(
  buf: Buffer,
  schema: MessageSchema,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pointers = new Set<string>();
  for (const field of readFields(buf)) {
    const spec: FieldSpec | undefined = schema[field.no];
    if (!spec) continue;
    if (typeof spec.type === 'object' && 'map' in spec.type) {
      const entry = readFields(field.bytes!);
      const key = entry.find(x => x.no === 1);
      const val = entry.find(x => x.no === 2);
      const map = (out[spec.json] ??= {}) as Record<string, unknown>;
      map[key ? String(scalar(key, 'string')) : ''] = val
        ? value(val, spec.type.map)
        : '';
      continue;
    }
    if (field.wireType !== 2 && typeof spec.type !== 'string')
      throw new ProtobufError(`proto: wrong wireType for field ${spec.json}`);
    const v = value(field, spec.type);
    if (spec.inline) Object.assign(out, v);
    else if (spec.repeated) ((out[spec.json] ??= []) as unknown[]).push(v);
    else out[spec.json] = v;
    if (spec.pointer) pointers.add(spec.json);
  }
  for (const [key, v] of Object.entries(out))
    if (isEmpty(v) && !(pointers.has(key) && v !== undefined)) delete out[key];
  return out;
}

export type ProtobufBody =
  | { object: Record<string, unknown> }
  | { unsupported: { apiVersion: string; kind: string } };

export function decodeKubeProtobuf(body: Buffer): ProtobufBody {
  if (body.length < 4 || !body.subarray(0, 4).equals(PREFIX))
    throw new ProtobufError(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  const unknown = readFields(body.subarray(4));
  const typeMeta = readFields(
    unknown.find(x => x.no === 1)?.bytes ?? Buffer.alloc(0),
  );
  const text = (no: number) =>
    (typeMeta.find(x => x.no === no)?.bytes ?? Buffer.alloc(0)).toString(
      'utf8',
    );
  const apiVersion = text(1);
  const kind = text(2);
  const schema = PROTOBUF_KINDS[apiVersion]?.[kind];
  if (!schema) return { unsupported: { apiVersion, kind } };
  const raw = unknown.find(x => x.no === 2)?.bytes ?? Buffer.alloc(0);
  return { object: { apiVersion, kind, ...decodeMessage(raw, schema) } };
}
