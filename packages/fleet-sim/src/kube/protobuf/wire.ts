/**
 * The protobuf wire format (protobuf.dev/programming-guides/encoding): varints, fixed 32/64-bit
 * and length-delimited fields. Reading only: fleet-sim decodes the request bodies clients send as
 * `application/vnd.kubernetes.protobuf` and always answers in JSON, which those clients accept too.
 */

export interface WireField {
  no: number;
  wireType: number;
  /** varint / fixed values */
  int?: bigint;
  /** length-delimited payload */
  bytes?: Buffer;
}

export class ProtobufError extends Error {}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = pos; i < buf.length && shift < 70n; i++) {
    const byte = buf[i];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, i + 1];
    shift += 7n;
  }
  throw new ProtobufError('proto: unexpected EOF in varint');
}

export function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    const no = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (no === 0) throw new ProtobufError('proto: illegal tag 0');
    pos = afterKey;
    switch (wireType) {
      case 0: {
        const [value, next] = readVarint(buf, pos);
        fields.push({ no, wireType, int: value });
        pos = next;
        break;
      }
      case 1:
        if (pos + 8 > buf.length)
          throw new ProtobufError('proto: unexpected EOF');
        fields.push({ no, wireType, int: buf.readBigUInt64LE(pos) });
        pos += 8;
        break;
      case 2: {
        const [length, start] = readVarint(buf, pos);
        const end = start + Number(length);
        if (end > buf.length) throw new ProtobufError('proto: unexpected EOF');
        fields.push({ no, wireType, bytes: buf.subarray(start, end) });
        pos = end;
        break;
      }
      case 5:
        if (pos + 4 > buf.length)
          throw new ProtobufError('proto: unexpected EOF');
        fields.push({ no, wireType, int: BigInt(buf.readUInt32LE(pos)) });
        pos += 4;
        break;
      default:
        throw new ProtobufError(`proto: illegal wireType ${wireType}`);
    }
  }
  return fields;
}

/** int64 from a varint (two's complement for negatives). */
export function toInt64(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}
