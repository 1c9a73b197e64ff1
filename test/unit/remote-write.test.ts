// The remote-write encoder, checked by an independent protobuf wire-format decoder written here
// from the protobuf encoding spec (varint / fixed64 / length-delimited) and remote.proto's field
// numbers, and the client against a local HTTP server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import SnappyJS from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RemoteWriteClient,
  RemoteWriteError,
  type RemoteWriteSeries,
  STALE_NAN_BITS,
  encodeWriteRequest,
  encodeWriteRequestBody,
} from '../../lib/prometheus/remote-write';

type Field = { field: number; wire: number; varint?: bigint; bytes?: Uint8Array };

function readFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ field, wire, varint: varint() });
    else if (wire === 1) fields.push({ field, wire, bytes: buf.slice(pos, (pos += 8)) });
    else if (wire === 2) {
      const length = Number(varint());
      fields.push({ field, wire, bytes: buf.slice(pos, (pos += length)) });
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return fields;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function decodeWriteRequest(buf: Uint8Array) {
  return readFields(buf).map((ts) => {
    expect(ts).toMatchObject({ field: 1, wire: 2 });
    const parts = readFields(ts.bytes!);
    return {
      labels: parts
        .filter((p) => p.field === 1)
        .map((p) => {
          const [name, value] = readFields(p.bytes!);
          return { name: text(name!.bytes!), value: text(value!.bytes!) };
        }),
      samples: parts
        .filter((p) => p.field === 2)
        .map((p) => {
          const [value, timestamp] = readFields(p.bytes!);
          expect(value).toMatchObject({ field: 1, wire: 1 });
          expect(timestamp).toMatchObject({ field: 2, wire: 0 });
          const view = new DataView(value!.bytes!.buffer, value!.bytes!.byteOffset, 8);
          return { bits: view.getBigUint64(0, true), value: view.getFloat64(0, true), timestamp: BigInt.asIntN(64, timestamp!.varint!) };
        }),
    };
  });
}

const series: RemoteWriteSeries[] = [
  {
    labels: [
      { name: 'job', value: 'x' },
      { name: '__name__', value: 'test_stale' },
      { name: 'instance', value: 'ünï€😀' },
    ],
    samples: [
      { timestampMs: 0, value: 0 },
      { timestampMs: 60_000, value: 123, stale: true },
      { timestampMs: 2 ** 41, value: -1.5e-300 },
      { timestampMs: -1, value: Infinity },
    ],
  },
  { labels: [{ name: '__name__', value: 'b' }], samples: [{ timestampMs: 1, value: NaN }] },
];

describe('remote-write encoding', () => {
  it('encodes a WriteRequest that decodes back, labels sorted by name', () => {
    const [first, second] = decodeWriteRequest(encodeWriteRequest(series));
    expect(first!.labels).toEqual([
      { name: '__name__', value: 'test_stale' },
      { name: 'instance', value: 'ünï€😀' },
      { name: 'job', value: 'x' },
    ]);
    expect(first!.samples.map((s) => s.timestamp)).toEqual([0n, 60_000n, 2n ** 41n, -1n]);
    expect(first!.samples[0]!.value).toBe(0);
    expect(first!.samples[2]!.value).toBe(-1.5e-300);
    expect(first!.samples[3]!.value).toBe(Infinity);
    expect(second!.samples[0]!.value).toBeNaN();
  });

  it('writes a staleness marker with the exact bits 0x7ff0000000000002', () => {
    expect(STALE_NAN_BITS).toBe(0x7ff0000000000002n);
    const bytes = encodeWriteRequest(series);
    const [first, second] = decodeWriteRequest(bytes);
    expect(first!.samples[1]!.bits).toBe(0x7ff0000000000002n);
    // An ordinary NaN is not a staleness marker.
    expect(second!.samples[0]!.bits).not.toBe(0x7ff0000000000002n);
    // The raw bytes: tag 0x09 then the double little-endian.
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain('09' + '020000000000f07f');
  });

  it('encodes a negative timestamp as a 10-byte varint (int64 two\'s complement)', () => {
    const bytes = encodeWriteRequest([{ labels: [{ name: '__name__', value: 'a' }], samples: [{ timestampMs: -1, value: 0 }] }]);
    expect(Buffer.from(bytes).toString('hex')).toContain('10ffffffffffffffffff01');
  });

  it('snappy-compresses the body (block format: uncompressed length first)', () => {
    const raw = encodeWriteRequest(series);
    const body = encodeWriteRequestBody(series);
    expect(SnappyJS.uncompress(body)).toEqual(raw);
    expect(body[0]).toBe(raw.length); // < 128: a one-byte varint preamble
  });

  it('encodes nothing for no series', () => {
    expect(encodeWriteRequest([])).toHaveLength(0);
  });
});

describe('RemoteWriteClient', () => {
  let server: http.Server;
  let url: string;
  const received: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  let answer = { status: 204, body: '' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs to /api/v1/write with the remote-write headers', async () => {
    await new RemoteWriteClient(url).write(series);
    const request = received.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/api/v1/write' });
    expect(request.headers).toMatchObject({
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
    });
    const decoded = decodeWriteRequest(SnappyJS.uncompress(new Uint8Array(request.body)));
    expect(decoded[0]!.samples[1]!.bits).toBe(0x7ff0000000000002n);
  });

  it('throws the status and the body of a non-2xx answer', async () => {
    answer = { status: 400, body: 'out of bounds\n' };
    const error = await new RemoteWriteClient(url).write(series).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteWriteError);
    expect(error).toMatchObject({ status: 400, body: 'out of bounds\n', message: 'remote write failed: HTTP 400: out of bounds' });
    answer = { status: 204, body: '' };
  });

  it('sends nothing for an empty batch', async () => {
    const before = received.length;
    await new RemoteWriteClient(url).write([]);
    expect(received).toHaveLength(before);
  });
});
