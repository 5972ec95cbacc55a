/**
 * Running the reference implementations (`buf`, `protoc`) from tests, and the
 * proto3 JSON view of our own messages to compare with theirs.
 *
 * @module
 */
import protobuf from "protobufjs";
import { REPO } from "../helpers.ts";

/** The proto3 JSON name of a protobufjs field. */
const jsonName = (field: protobuf.Field) => field.jsonName ?? field.name;

/** Output of a finished command. */
export interface Run {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

async function run(
  cmd: string,
  args: string[],
  stdin?: Uint8Array,
  cwd = REPO,
): Promise<Run> {
  const child = new Deno.Command(cmd, {
    args,
    cwd,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** The `buf` version the tests use (1.75.0 lacks a platform package on npm). */
export const BUF = "npm:@bufbuild/buf@1.74.0";

/** Runs `buf ARGS` through Deno in `cwd` (default: the repository). */
export function buf(
  args: string[],
  stdin?: Uint8Array,
  cwd = REPO,
): Promise<Run> {
  return run(
    Deno.execPath(),
    ["run", "-A", "--quiet", BUF, ...args],
    stdin,
    cwd,
  );
}

/** Whether `protoc` is installed. */
export const HAS_PROTOC: boolean = (() => {
  try {
    return new Deno.Command("protoc", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** Runs `protoc ARGS` with the repository's proto path. */
export function protoc(args: string[], stdin?: Uint8Array): Promise<Run> {
  return run("protoc", [
    "-I",
    "proto",
    "-I",
    "/usr/include",
    ...args,
    "kat/v1alpha1/kat.proto",
  ], stdin);
}

function timestampToRfc3339(
  t: { seconds?: string | number; nanos?: number },
): string {
  const ms = Number(t.seconds ?? 0) * 1000;
  const iso = new Date(ms).toISOString().replace(/\.000Z$/, "Z");
  if (!t.nanos) return iso;
  const frac = String(t.nanos).padStart(9, "0").replace(/(000)+$/, "");
  return iso.replace(/Z$/, `.${frac}Z`);
}

/**
 * The proto3 JSON form of a message decoded by protobufjs: JSON names as keys,
 * enums by name, int64 as strings, Timestamps in RFC 3339.
 */
export function protoJson(
  type: protobuf.Type,
  message: protobuf.Message,
): Record<string, unknown> {
  const obj = type.toObject(message, {
    enums: String,
    longs: String,
    json: true,
  });
  return rename(type, obj);
}

function rename(
  type: protobuf.Type,
  obj: Record<string, unknown>,
): Record<string, unknown> {
  if (type.fullName === ".google.protobuf.Timestamp") {
    return { __timestamp: timestampToRfc3339(obj) };
  }
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const value = obj[field.name];
    if (value === undefined || value === null) continue;
    const t = field.resolvedType;
    const convert = (v: unknown): unknown => {
      if (t instanceof protobuf.Type) {
        const r = rename(t, v as Record<string, unknown>);
        return "__timestamp" in r ? r.__timestamp : r;
      }
      return v;
    };
    if (field.map) {
      out[jsonName(field)] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map((
          [k, v],
        ) => [k, convert(v)]),
      );
    } else if (field.repeated) {
      out[jsonName(field)] = (value as unknown[]).map(convert);
    } else {
      out[jsonName(field)] = convert(value);
    }
  }
  return out;
}

/**
 * protoc's text reading of `bytes` as `kat.v1alpha1.<message>`; fails the
 * test when protoc says anything on standard error.
 */
export async function protocDecode(
  message: string,
  bytes: Uint8Array,
): Promise<string> {
  const out = await protoc(["--decode", `kat.v1alpha1.${message}`], bytes);
  if (out.stderr !== "" || out.code !== 0) {
    throw new Error(`protoc --decode ${message}: ${out.stderr}`);
  }
  return new TextDecoder().decode(out.stdout);
}
