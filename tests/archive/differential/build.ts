/**
 * Raw tar and gzip bytes written by hand, field by field, so that every
 * malformation can be made: headers with any field value and checksum form,
 * pax records with any length, metadata headers in any order, gzip members
 * with any header flags, split at any point.
 *
 * @module
 */
import { crc32 } from "node:zlib";

const enc = new TextEncoder();

/** A field value: a number (written in octal, NUL-terminated), text, or raw bytes. */
export type Field = number | string | Uint8Array;

/** Every field of a header; unset ones get ordinary values. */
export interface HeaderSpec {
  name?: Field;
  mode?: Field;
  uid?: Field;
  gid?: Field;
  /** Defaults to the body's length. */
  size?: Field;
  mtime?: Field;
  /** "unsigned" (default), "signed", a number, raw bytes, or "keep" to leave what `raw` set. */
  checksum?: "unsigned" | "signed" | Field;
  type?: string;
  linkname?: Field;
  /** "posix" (default) `ustar\0` + `00`, "gnu" `ustar  \0`, "v7" (zeros), or 8 raw bytes. */
  magic?: "posix" | "gnu" | "v7" | Uint8Array;
  uname?: Field;
  gname?: Field;
  devmajor?: Field;
  devminor?: Field;
  prefix?: Field;
}

/** One member of a hand-made tar. */
export interface Member extends HeaderSpec {
  body?: Uint8Array | string;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes of text, or the bytes themselves. */
export function bytes(x: Uint8Array | string): Uint8Array {
  return typeof x === "string" ? enc.encode(x) : x;
}

function fieldBytes(value: Field, width: number): Uint8Array {
  if (typeof value === "number") {
    return enc.encode(value.toString(8).padStart(width - 1, "0") + "\0");
  }
  return bytes(value).subarray(0, width);
}

/** Base-256 encoding of `n` in `width` bytes (0x80 or 0xff lead). */
export function base256(n: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = n < 0n ? (1n << BigInt(8 * width)) + n : n;
  for (let i = width - 1; i >= 1; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = n < 0n ? 0xff : 0x80;
  return out;
}

const MAGIC: Record<string, Uint8Array> = {
  posix: enc.encode("ustar\x0000"),
  gnu: enc.encode("ustar  \0"),
  v7: new Uint8Array(8),
};

/** A 512-byte header. */
export function header(spec: HeaderSpec, bodyLength = 0): Uint8Array {
  const h = new Uint8Array(512);
  const put = (value: Field | undefined, at: number, width: number) => {
    if (value !== undefined) h.set(fieldBytes(value, width), at);
  };
  put(spec.name ?? "", 0, 100);
  put(spec.mode ?? 0o644, 100, 8);
  put(spec.uid ?? 0, 108, 8);
  put(spec.gid ?? 0, 116, 8);
  put(spec.size ?? bodyLength, 124, 12);
  put(spec.mtime ?? 0, 136, 12);
  h.set(enc.encode(spec.type ?? "0").subarray(0, 1), 156);
  put(spec.linkname, 157, 100);
  const magic = spec.magic ?? "posix";
  h.set(typeof magic === "string" ? MAGIC[magic] : magic.subarray(0, 8), 257);
  put(spec.uname, 265, 32);
  put(spec.gname, 297, 32);
  put(spec.devmajor, 329, 8);
  put(spec.devminor, 337, 8);
  put(spec.prefix, 345, 155);
  setChecksum(h, spec.checksum ?? "unsigned");
  return h;
}

/** Writes a checksum into a header block in place. */
export function setChecksum(
  h: Uint8Array,
  form: "unsigned" | "signed" | Field = "unsigned",
  at = 0,
): void {
  h.fill(0x20, at + 148, at + 156);
  if (form === "unsigned" || form === "signed") {
    let sum = 0;
    for (let i = at; i < at + 512; i++) {
      sum += form === "signed" && h[i] >= 128 ? h[i] - 256 : h[i];
    }
    h.set(enc.encode(sum.toString(8).padStart(6, "0") + "\0 "), at + 148);
  } else {
    h.set(fieldBytes(form, 8), at + 148);
  }
}

function padded(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(body.length / 512) * 512);
  out.set(body);
  return out;
}

/** A header and its padded body. */
export function member(m: Member): Uint8Array {
  const body = bytes(m.body ?? "");
  return concat(header(m, body.length), padded(body));
}

/** The two zero blocks that end an archive. */
export const END = new Uint8Array(1024);

/** A tar of `members`, ended by two zero blocks unless `end` is given. */
export function tar(members: Member[], end: Uint8Array = END): Uint8Array {
  return concat(...members.map(member), end);
}

/** A pax record with its length computed (or forced with `length`). */
export function paxRecord(
  key: string,
  value: string | Uint8Array,
  length?: number,
): Uint8Array {
  const rest = concat(bytes(` ${key}=`), bytes(value), bytes("\n"));
  let n = rest.length + 1;
  while (String(n).length + rest.length > n) n++;
  return concat(bytes(String(length ?? n)), rest);
}

/** The data of a pax header holding `records` (key, value pairs, in order). */
export function paxData(records: [string, string | Uint8Array][]): Uint8Array {
  return concat(...records.map(([k, v]) => paxRecord(k, v)));
}

/** A pax `x` (or `g`) member holding `records`. */
export function pax(
  records: [string, string | Uint8Array][] | Uint8Array,
  type: "x" | "g" | "X" = "x",
  spec: HeaderSpec = {},
): Member {
  const body = records instanceof Uint8Array ? records : paxData(records);
  return { name: "PaxHeader/entry", ...spec, type, body };
}

/** A GNU long-name `L` member for `name` (NUL-terminated). */
export function longName(
  name: string | Uint8Array,
  spec: HeaderSpec = {},
): Member {
  return {
    name: "././@LongLink",
    magic: "gnu",
    ...spec,
    type: "L",
    body: concat(bytes(name), new Uint8Array(1)),
  };
}

/** gzip flags that can be set on a member. */
export interface GzipHeader {
  name?: string;
  comment?: string;
  extra?: Uint8Array;
  /** Write a header CRC (FHCRC); `"bad"` writes a wrong one. */
  headerCrc?: boolean | "bad";
  /** Extra FLG bits (the reserved ones, 0xe0). */
  flagBits?: number;
  /** Overrides the trailer's CRC-32. */
  crc?: number;
  /** Overrides the trailer's size. */
  isize?: number;
}

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(
      new Blob([data as BlobPart]).stream().pipeThrough(
        new CompressionStream("deflate-raw"),
      ),
    ).arrayBuffer(),
  );
}

function le32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

/** One gzip member of `data`, with the header fields asked for. */
export async function gzipMember(
  data: Uint8Array,
  h: GzipHeader = {},
): Promise<Uint8Array> {
  let flags = h.flagBits ?? 0;
  const parts: Uint8Array[] = [];
  if (h.extra) {
    flags |= 4;
    parts.push(new Uint8Array([h.extra.length & 0xff, h.extra.length >> 8]));
    parts.push(h.extra);
  }
  if (h.name !== undefined) {
    flags |= 8;
    parts.push(bytes(h.name), new Uint8Array(1));
  }
  if (h.comment !== undefined) {
    flags |= 16;
    parts.push(bytes(h.comment), new Uint8Array(1));
  }
  if (h.headerCrc) flags |= 2;
  let head = concat(
    new Uint8Array([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 255]),
    ...parts,
  );
  if (h.headerCrc) {
    const c = crc32(head) & 0xffff;
    const v = h.headerCrc === "bad" ? c ^ 0x5555 : c;
    head = concat(head, new Uint8Array([v & 0xff, v >> 8]));
  }
  return concat(
    head,
    await deflateRaw(data),
    le32(h.crc ?? crc32(data)),
    le32(h.isize ?? data.length),
  );
}

/** gzip of `data` as one member, the way `gzip` writes it. */
export function gzip(data: Uint8Array): Promise<Uint8Array> {
  return gzipMember(data);
}

/** gzip of `data` as several members, split at `cuts` (offsets into `data`). */
export async function gzipSplit(
  data: Uint8Array,
  cuts: number[],
): Promise<Uint8Array> {
  const points = [
    0,
    ...cuts.filter((c) => c > 0 && c < data.length).sort((a, b) => a - b),
    data.length,
  ];
  const members: Uint8Array[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    members.push(await gzipMember(data.subarray(points[i], points[i + 1])));
  }
  return concat(...members);
}

/** A stream of `b`, in chunks of `chunk` bytes. */
export function streamOf(
  b: Uint8Array,
  chunk = 64 * 1024,
): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= b.length) return controller.close();
      controller.enqueue(b.slice(at, at + chunk));
      at += chunk;
    },
  });
}
