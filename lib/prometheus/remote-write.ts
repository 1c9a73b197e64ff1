/**
 * Prometheus remote-write 1.0 client: a hand-encoded protobuf WriteRequest, snappy block
 * compressed, POSTed to `/api/v1/write` (a Prometheus started with
 * --web.enable-remote-write-receiver accepts it).
 *
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 */
import SnappyJS from 'snappyjs';

/** Prometheus's staleness marker: a NaN with this exact bit pattern (value.StaleNaN). */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

export interface RemoteWriteLabel {
  name: string;
  value: string;
}

export interface RemoteWriteSample {
  /** Milliseconds since the Unix epoch. */
  timestampMs: number;
  value: number;
  /** A staleness marker: written as {@link STALE_NAN_BITS} whatever `value` is. */
  stale?: boolean;
}

export interface RemoteWriteSeries {
  labels: readonly RemoteWriteLabel[];
  samples: readonly RemoteWriteSample[];
}

/** Something that takes batches of series (a {@link RemoteWriteClient}, or a fake in tests). */
export interface RemoteWriter {
  write(series: readonly RemoteWriteSeries[]): Promise<void>;
}

/** A non-2xx answer; `body` carries Prometheus's reason (out of order, out of bounds, ...). */
export class RemoteWriteError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`remote write failed: HTTP ${status}: ${body.trim()}`);
    this.name = 'RemoteWriteError';
  }
}

const utf8 = new TextEncoder();

function varintSize(value: bigint): number {
  let size = 1;
  for (let v = value; v >= 0x80n; v >>= 7n) size++;
  return size;
}

/** Non-negative lengths and tags (always below 2^31 here). */
function smallVarintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** int64 as protobuf encodes it: negative values as their 64-bit two's complement. */
const int64Bits = (ms: number) => BigInt.asUintN(64, BigInt(Math.trunc(ms)));

class ProtoWriter {
  readonly bytes: Uint8Array<ArrayBuffer>;
  private readonly view: DataView;
  private pos = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  smallVarint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.pos++] = v;
  }

  varint(value: bigint): void {
    let v = value;
    while (v >= 0x80n) {
      this.bytes[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.bytes[this.pos++] = Number(v);
  }

  raw(data: Uint8Array): void {
    this.bytes.set(data, this.pos);
    this.pos += data.length;
  }

  /** A double's 8 bytes, little-endian; the stale marker by its bits (JS may canonicalise NaNs). */
  double(value: number, stale: boolean): void {
    if (stale) this.view.setBigUint64(this.pos, STALE_NAN_BITS, true);
    else this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  get length(): number {
    return this.pos;
  }
}

interface EncodedLabel {
  name: Uint8Array;
  value: Uint8Array;
  size: number;
}

const TAG_TIMESERIES = 0x0a; // field 1, length-delimited
const TAG_LABEL = 0x0a; // field 1, length-delimited
const TAG_SAMPLE = 0x12; // field 2, length-delimited
const TAG_NAME = 0x0a; // field 1, length-delimited
const TAG_VALUE_STRING = 0x12; // field 2, length-delimited
const TAG_VALUE_DOUBLE = 0x09; // field 1, fixed64
const TAG_TIMESTAMP = 0x10; // field 2, varint

/** Labels sorted by name (Prometheus requires it) and UTF-8 encoded, with their message sizes. */
function encodeLabels(labels: readonly RemoteWriteLabel[]): EncodedLabel[] {
  return [...labels]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((l) => {
      const name = utf8.encode(l.name);
      const value = utf8.encode(l.value);
      const size = 1 + smallVarintSize(name.length) + name.length + 1 + smallVarintSize(value.length) + value.length;
      return { name, value, size };
    });
}

const sampleSize = (s: RemoteWriteSample) => 1 + 8 + 1 + varintSize(int64Bits(s.timestampMs));

/** The uncompressed protobuf bytes of a WriteRequest. */
export function encodeWriteRequest(series: readonly RemoteWriteSeries[]): Uint8Array<ArrayBuffer> {
  const prepared = series.map((s) => {
    const labels = encodeLabels(s.labels);
    const samples = s.samples.map((sample) => ({ sample, size: sampleSize(sample) }));
    const size =
      labels.reduce((n, l) => n + 1 + smallVarintSize(l.size) + l.size, 0) +
      samples.reduce((n, x) => n + 1 + smallVarintSize(x.size) + x.size, 0);
    return { labels, samples, size };
  });
  const total = prepared.reduce((n, p) => n + 1 + smallVarintSize(p.size) + p.size, 0);
  const out = new ProtoWriter(total);
  for (const p of prepared) {
    out.smallVarint(TAG_TIMESERIES);
    out.smallVarint(p.size);
    for (const l of p.labels) {
      out.smallVarint(TAG_LABEL);
      out.smallVarint(l.size);
      out.smallVarint(TAG_NAME);
      out.smallVarint(l.name.length);
      out.raw(l.name);
      out.smallVarint(TAG_VALUE_STRING);
      out.smallVarint(l.value.length);
      out.raw(l.value);
    }
    for (const { sample, size } of p.samples) {
      out.smallVarint(TAG_SAMPLE);
      out.smallVarint(size);
      out.smallVarint(TAG_VALUE_DOUBLE);
      out.double(sample.value, sample.stale === true);
      out.smallVarint(TAG_TIMESTAMP);
      out.varint(int64Bits(sample.timestampMs));
    }
  }
  if (out.length !== total) throw new Error(`remote write encoding: wrote ${out.length} of ${total} bytes`);
  return out.bytes;
}

/** The request body: the WriteRequest, snappy block-compressed. */
export function encodeWriteRequestBody(series: readonly RemoteWriteSeries[]): Uint8Array<ArrayBuffer> {
  return SnappyJS.compress(encodeWriteRequest(series));
}

export interface RemoteWriteClientOptions {
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** POSTs WriteRequests to `${baseUrl}/api/v1/write`. */
export class RemoteWriteClient implements RemoteWriter {
  readonly endpoint: string;

  constructor(
    baseUrl: string,
    private readonly options: RemoteWriteClientOptions = {},
  ) {
    this.endpoint = `${baseUrl.replace(/\/+$/, '')}/api/v1/write`;
  }

  async write(series: readonly RemoteWriteSeries[]): Promise<void> {
    if (series.length === 0) return;
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'Content-Encoding': 'snappy',
        'Content-Type': 'application/x-protobuf',
        'X-Prometheus-Remote-Write-Version': '0.1.0',
      },
      body: encodeWriteRequestBody(series),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    const body = await response.text();
    if (!response.ok) throw new RemoteWriteError(response.status, body);
  }
}
