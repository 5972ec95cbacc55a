/**
 * What the command-line tools touch of the outside world, so that tests can
 * run them in-process with captured output.
 *
 * @module
 */
import { OutputError } from "./io_errors.ts";
import { readHead } from "../archive/stream_head.ts";

/** Standard streams, environment and file access of a CLI run. */
export interface CliIo {
  /** Writes to standard output. */
  stdout(data: string | Uint8Array): Promise<void>;
  /** Writes to standard error. */
  stderr(data: string | Uint8Array): Promise<void>;
  /** Standard input. */
  stdin(): ReadableStream<Uint8Array>;
  /** Whether standard error is a terminal (for colour). */
  stderrIsTerminal: boolean;
  /** Whether standard output is a terminal (for colour). */
  stdoutIsTerminal: boolean;
  /**
   * The width of the terminal, when standard output is one (help is wrapped
   * to it); undefined otherwise, and help is wrapped at 80 columns.
   */
  columns: number | undefined;
  /** An environment variable. */
  env(name: string): string | undefined;
}

const encoder = new TextEncoder();

/**
 * Writes all of `data`. A failure is an {@link OutputError} naming `stream`,
 * except a reader that went away (`BrokenPipe`), which is thrown as it is.
 */
async function writeAll(
  w: { write(p: Uint8Array): Promise<number> },
  data: string | Uint8Array,
  stream: string,
) {
  let bytes = typeof data === "string" ? encoder.encode(data) : data;
  try {
    while (bytes.length > 0) bytes = bytes.subarray(await w.write(bytes));
  } catch (e) {
    if (e instanceof Deno.errors.BrokenPipe) throw e;
    throw new OutputError(stream, e);
  }
}

/** The console's width, or undefined when it cannot be read. */
function consoleColumns(): number | undefined {
  try {
    return Deno.consoleSize().columns || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The real process: Deno's standard streams and environment.
 *
 * @example
 * ```ts
 * import { processIo } from "./io.ts";
 * await processIo().stdout("hello\n");
 * ```
 */
export function processIo(): CliIo {
  const stdoutIsTerminal = Deno.stdout.isTerminal();
  return {
    stdout: (d) => writeAll(Deno.stdout, d, "standard output"),
    stderr: (d) => writeAll(Deno.stderr, d, "standard error"),
    stdin: () => Deno.stdin.readable,
    stdoutIsTerminal,
    stderrIsTerminal: Deno.stderr.isTerminal(),
    columns: stdoutIsTerminal ? consoleColumns() : undefined,
    env: (name) => {
      try {
        // Asked first, so that a variable not granted is never prompted for.
        const { state } = Deno.permissions.querySync({
          name: "env",
          variable: name,
        });
        return state === "granted" ? Deno.env.get(name) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Captured output of {@link memoryIo}. */
export interface MemoryIo extends CliIo {
  /** Everything written to standard output. */
  out(): Uint8Array;
  /** Standard output as text. */
  outText(): string;
  /** Standard error as text. */
  errText(): string;
}

/**
 * An in-memory I/O for tests: captures both outputs, serves `stdin` bytes.
 * Options: `stdin` (default: empty), `env` (default: none set), `terminal`
 * (whether both outputs count as terminals; default: false) and `columns` (the
 * terminal's width; default: none, so help wraps at 80).
 *
 * @example
 * ```ts
 * import { memoryIo } from "./io.ts";
 * const io = memoryIo();
 * await io.stdout("x");
 * console.log(io.outText()); // "x"
 * ```
 */
export function memoryIo(
  options: {
    stdin?: Uint8Array;
    env?: Record<string, string>;
    terminal?: boolean;
    columns?: number;
  } = {},
): MemoryIo {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const bytes = (d: string | Uint8Array) =>
    typeof d === "string" ? encoder.encode(d) : d;
  const join = (parts: Uint8Array[]) => {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  };
  return {
    stdout: (d) => Promise.resolve(void out.push(bytes(d))),
    stderr: (d) => Promise.resolve(void err.push(bytes(d))),
    stdin: () =>
      new Blob([(options.stdin ?? new Uint8Array()) as BlobPart]).stream(),
    stdoutIsTerminal: options.terminal ?? false,
    stderrIsTerminal: options.terminal ?? false,
    columns: options.columns,
    env: (name) => options.env?.[name],
    out: () => join(out),
    outText: () => new TextDecoder().decode(join(out)),
    errText: () => new TextDecoder().decode(join(err)),
  };
}

/**
 * The first `count` bytes of a stream (fewer only if it ends sooner), read
 * over as many reads as it takes, and the whole stream again, those bytes
 * included: a pipe may deliver a single byte first.
 *
 * @example
 * ```ts
 * import { peekBytes } from "./io.ts";
 * const { head, stream } = await peekBytes(new Blob(["abc"]).stream(), 2);
 * console.log(head, await new Response(stream).text()); // Uint8Array(2) [ 97, 98 ] "abc"
 * ```
 */
export async function peekBytes(
  stream: ReadableStream<Uint8Array>,
  count: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const { chunks, head, done } = await readHead(() => reader.read(), count);
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      if (done) controller.close();
    },
    async pull(controller) {
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, stream: whole };
}
