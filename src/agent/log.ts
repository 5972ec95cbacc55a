/**
 * The agent's log: one line per event, as text for people or as JSON for
 * machines (`--log-format json`).
 *
 * @module
 */

/**
 * The two log formats.
 *
 * @example
 * ```ts
 * import type { LogFormat } from "./log.ts";
 * const format: LogFormat = "json";
 * ```
 */
export type LogFormat = "text" | "json";

/**
 * How important an event is.
 *
 * @example
 * ```ts
 * import type { LogLevel } from "./log.ts";
 * const level: LogLevel = "warn";
 * ```
 */
export type LogLevel = "info" | "warn" | "error";

/**
 * Values attached to an event; `undefined` ones are left out.
 *
 * @example
 * ```ts
 * import type { LogFields } from "./log.ts";
 * const fields: LogFields = { node: "alpha", ttl: 30, local: true, pid: undefined };
 * ```
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

/**
 * One logged event, as {@link Logger} hands it to its sink.
 *
 * @example
 * ```ts
 * import type { LogRecord } from "./log.ts";
 * const r: LogRecord = { time: new Date(0), level: "info", event: "leader.elected", message: "leading", fields: {} };
 * ```
 */
export interface LogRecord {
  /** When it happened. */
  time: Date;
  /** How important it is. */
  level: LogLevel;
  /** A stable name, `area.what`: `leader.elected`, `etcd.started`. */
  event: string;
  /** One sentence for people. */
  message: string;
  /** Values, by name. */
  fields: LogFields;
}

// C0 and C1 controls, DEL, and the bidi overrides and isolates.
const UNSAFE_CHARS =
  "\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069";
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`, "g");
const HAS_UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`);

/** `text` with control characters escaped, so a value cannot break a line. */
function escape(text: string): string {
  return text.replace(UNSAFE, (c) => {
    switch (c) {
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
}

/** A field value in the text form: bare when it is one plain word. */
function textValue(value: string | number | boolean): string {
  const s = String(value);
  return /^[^\s"=\\]+$/.test(s) && !HAS_UNSAFE.test(s)
    ? s
    : JSON.stringify(s).replace(UNSAFE, (c) => escape(c));
}

/**
 * A record as one line of text:
 * `2026-11-25T10:00:00.000Z info leader.elected: this node leads node=alpha`.
 *
 * @example
 * ```ts
 * import { formatText } from "./log.ts";
 * console.log(formatText({
 *   time: new Date(0), level: "info", event: "leader.elected",
 *   message: "this node leads the cluster", fields: { node: "alpha", note: "two words" },
 * }));
 * // 1970-01-01T00:00:00.000Z info leader.elected: this node leads the cluster node=alpha note="two words"
 * ```
 */
export function formatText(record: LogRecord): string {
  const fields = Object.entries(record.fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${escape(k)}=${textValue(v as string)}`)
    .join("");
  return `${record.time.toISOString()} ${record.level} ${
    escape(record.event)
  }: ${escape(record.message)}${fields}`;
}

/**
 * A record as one line of JSON: `time`, `level`, `event`, `msg`, then the
 * fields (which cannot replace those four).
 *
 * @example
 * ```ts
 * import { formatJson } from "./log.ts";
 * console.log(formatJson({
 *   time: new Date(0), level: "warn", event: "leader.lost",
 *   message: "lease lost", fields: { node: "alpha" },
 * }));
 * // {"time":"1970-01-01T00:00:00.000Z","level":"warn","event":"leader.lost","msg":"lease lost","node":"alpha"}
 * ```
 */
export function formatJson(record: LogRecord): string {
  const out: Record<string, unknown> = {
    time: record.time.toISOString(),
    level: record.level,
    event: record.event,
    msg: record.message,
  };
  for (const [k, v] of Object.entries(record.fields)) {
    if (v !== undefined && !(k in out)) out[k] = v;
  }
  // JSON.stringify escapes C0 controls; the rest are escaped too so that a
  // terminal showing the log cannot be driven by a value.
  return JSON.stringify(out).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Writes one line per event to a sink, in order, in the chosen format.
 * Options: `format` (default `"text"`) and `clock` (default: the current
 * time).
 *
 * @example
 * ```ts
 * import { Logger } from "./log.ts";
 * const lines: string[] = [];
 * const log = new Logger((line) => void lines.push(line), { format: "json" });
 * log.info("agent.started", "starting", { node: "alpha" });
 * await log.flush();
 * console.log(JSON.parse(lines[0]).node); // "alpha"
 * ```
 */
export class Logger {
  readonly #sink: (line: string) => void | Promise<void>;
  readonly #format: LogFormat;
  readonly #clock: () => Date;
  #pending: Promise<void> = Promise.resolve();

  /** A logger writing lines (with their newline) to `sink`. */
  constructor(
    sink: (line: string) => void | Promise<void>,
    options: { format?: LogFormat; clock?: () => Date } = {},
  ) {
    this.#sink = sink;
    this.#format = options.format ?? "text";
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Logs an event of `level`. */
  log(
    level: LogLevel,
    event: string,
    message: string,
    fields: LogFields = {},
  ): void {
    const record = { time: this.#clock(), level, event, message, fields };
    const line =
      (this.#format === "json" ? formatJson(record) : formatText(record)) +
      "\n";
    // Lines are written in order; a failing sink loses lines, not the agent.
    this.#pending = this.#pending.then(() => this.#sink(line)).catch(() => {});
  }

  /** Logs an `info` event. */
  info(event: string, message: string, fields?: LogFields): void {
    this.log("info", event, message, fields);
  }

  /** Logs a `warn` event. */
  warn(event: string, message: string, fields?: LogFields): void {
    this.log("warn", event, message, fields);
  }

  /** Logs an `error` event. */
  error(event: string, message: string, fields?: LogFields): void {
    this.log("error", event, message, fields);
  }

  /** Resolves when every line logged so far is written. */
  flush(): Promise<void> {
    return this.#pending;
  }
}
