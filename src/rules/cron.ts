/**
 * Cron schedules: five fields, or a macro such as `@daily`.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  failed,
  type Format,
  type FormatProblem,
  type Parsed,
  parsed,
} from "./format.ts";

const MACROS = [
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@hourly",
];
const MONTHS = [
  "JAN",
  "FEB",
  "MAR",
  "APR",
  "MAY",
  "JUN",
  "JUL",
  "AUG",
  "SEP",
  "OCT",
  "NOV",
  "DEC",
];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Value of the first name. */
  base?: number;
}

const FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, base: 1 },
  { name: "day-of-week", min: 0, max: 7, names: DAYS, base: 0 },
];

function value(field: CronField, text: string): Parsed<number> {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    if (n < field.min || n > field.max) {
      return failed(`${text} is out of range ${field.min}-${field.max}`);
    }
    return parsed(n);
  }
  const i = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (i >= 0) return parsed(i + (field.base ?? 0));
  return failed(
    `${quote(text)} is not a number${field.names ? " or a name" : ""}`,
  );
}

/** A field's problem; its message does not yet name the field. */
function checkField(field: CronField, text: string): FormatProblem | undefined {
  for (const item of text.split(",")) {
    const m = /^(\*|([^-/]+)(?:-([^-/]+))?)(?:\/([0-9]+))?$/.exec(item);
    if (!m) {
      return {
        message: `${
          quote(item)
        } is not *, a value, a range a-b, or a step */n or a-b/n`,
      };
    }
    const [, whole, from, to, step] = m;
    if (step !== undefined && Number(step) < 1) {
      return { message: `step ${step} must be at least 1` };
    }
    if (whole === "*") continue;
    const a = value(field, from);
    if (!a.ok) return a.problem;
    if (to === undefined) {
      if (step !== undefined) {
        return {
          message:
            `a step needs * or a range: write ${whole}-${field.max}/${step}`,
        };
      }
      continue;
    }
    const b = value(field, to);
    if (!b.ok) return b.problem;
    if (a.value > b.value) {
      return { message: `range ${from}-${to} runs backwards` };
    }
  }
  return undefined;
}

/**
 * Checks a schedule: five fields (minute, hour, day of month, month, day of
 * week) with `*`, values, `a-b`, `*\/n`, `a-b/n` and lists, month and weekday
 * names; or one of `@yearly @annually @monthly @weekly @daily @hourly`.
 *
 * @example
 * ```ts
 * import { checkCron } from "./cron.ts";
 * console.log(checkCron("*\/15 9-17 * * MON-FRI")); // undefined
 * console.log(checkCron("61 * * * *")?.message); // "minute field: 61 is out of range 0-59"
 * ```
 */
export function checkCron(text: string): FormatProblem | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("@")) {
    if (MACROS.includes(trimmed)) return undefined;
    return {
      message: `unknown schedule macro ${quote(trimmed)}`,
      hint: `use one of ${MACROS.join(" ")}`,
    };
  }
  const fields = trimmed.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    return {
      message:
        `a schedule has 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`,
      hint: fields.length === 6
        ? "seconds are not supported: drop the first field"
        : undefined,
    };
  }
  for (let i = 0; i < 5; i++) {
    const problem = checkField(FIELDS[i], fields[i]);
    if (problem) {
      return { message: `${FIELDS[i].name} field: ${problem.message}` };
    }
  }
  return undefined;
}

/**
 * The `cron` format. The pattern only says "a macro, or five fields".
 *
 * @example
 * ```ts
 * import { cron } from "./cron.ts";
 * console.log(new RegExp(cron.pattern!, "u").test("@daily"), cron.exact); // true false
 * ```
 */
export const cron: Format = {
  check: checkCron,
  pattern: `^\\s*(?:@(?:${
    MACROS.map((m) => m.slice(1)).join("|")
  })|\\S+(?:\\s+\\S+){4})\\s*$`,
  exact: false,
};
