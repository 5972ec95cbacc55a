/**
 * DNS labels and names, ingress hosts, and Kubernetes-style label keys and
 * values. Each format's JSON-Schema pattern is assembled from the same pieces
 * and limits as its check.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { exactFormat, type Format, type FormatProblem } from "./format.ts";
import { parseIpv4 } from "./ip.ts";

/** Longest DNS label (RFC 1123). */
export const MAX_LABEL = 63;
/** Longest DNS name (RFC 1123, as Kubernetes counts it: without a final dot). */
export const MAX_NAME = 253;

/** One DNS label, its length limit included. */
const LABEL_SRC = `[a-z0-9](?:[-a-z0-9]{0,${MAX_LABEL - 2}}[a-z0-9])?`;
/** Dot-separated labels (length of the whole not included). */
const SUBDOMAIN_SRC = `${LABEL_SRC}(?:\\.${LABEL_SRC})*`;
/**
 * A last label that a URL parser reads as a number, which makes the whole
 * name an IPv4 address (`10.0.0.1`, `127.1`, `0x7f.1`): all digits, or `0x`
 * and hex digits (WHATWG URL, "ends in a number").
 */
const NUMERIC_SRC = "(?:[0-9]+|0x[0-9a-f]*)";
/** Refuses a name whose last label is numeric (a lookahead). */
const NOT_NUMERIC_SRC = `(?!(?:[^.]*\\.)*${NUMERIC_SRC}$)`;
/** A label-key name or a label value, its length limit included. */
const NAME_SRC = `[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,${
  MAX_LABEL - 2
}}[A-Za-z0-9])?`;

const LABEL = new RegExp(`^${LABEL_SRC}$`);
const NUMERIC = new RegExp(`^${NUMERIC_SRC}$`);
const NAME = new RegExp(`^${NAME_SRC}$`);

/**
 * Whether a URL parser reads a host name as an IPv4 address (or refuses it):
 * its last label is all digits, or `0x` and hex digits (WHATWG URL, "ends in
 * a number"); case-insensitive.
 *
 * @example
 * ```ts
 * import { endsInNumber } from "./dns.ts";
 * console.log(endsInNumber("10.0.0.1"), endsInNumber("a.0X1F"), endsInNumber("a.b")); // true true false
 * ```
 */
export function endsInNumber(name: string): boolean {
  return NUMERIC.test(name.slice(name.lastIndexOf(".") + 1).toLowerCase());
}

function tooLong(what: string, max: number, length: number): FormatProblem {
  return {
    message: `${what}must be at most ${max} characters (it has ${length})`,
  };
}

/**
 * A DNS label: lowercase letters, digits and `-`, alphanumeric at both ends,
 * at most 63 characters (Kubernetes' `IsDNS1123Label`).
 */
function diagnoseDnsLabel(value: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  if (value.length > MAX_LABEL) return tooLong("", MAX_LABEL, value.length);
  if (LABEL.test(value)) return undefined;
  const lower = value.toLowerCase().replace(/[^-a-z0-9]/g, "-").replace(
    /^-+|-+$/g,
    "",
  );
  return {
    message: `${
      quote(value)
    } is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit`,
    hint: lower && LABEL.test(lower) ? `use ${quote(lower)}` : undefined,
  };
}

/** Syntax of dot-separated labels, each at most 63 characters. */
function checkLabels(value: string, body: string): FormatProblem | undefined {
  for (const label of body.split(".")) {
    if (label === "") {
      return {
        message: `${quote(value)} is not a DNS name: empty label`,
      };
    }
    if (label.length > MAX_LABEL) {
      return {
        message: `${quote(value)} is not a DNS name: label ${
          quote(label)
        } is longer than ${MAX_LABEL} characters`,
      };
    }
    if (!LABEL.test(label)) {
      const hint = value !== value.toLowerCase()
        ? `use ${quote(value.toLowerCase())}`
        : undefined;
      return {
        message: `${quote(value)} is not a DNS name: label ${
          quote(label)
        } must be lowercase letters, digits and '-', starting and ending with a letter or digit`,
        hint,
      };
    }
  }
  return undefined;
}

/** A name whose labels `body` holds; `value` is what the user wrote. */
function checkName(value: string, body: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  if (value.length > MAX_NAME) return tooLong("", MAX_NAME, value.length);
  const syntax = checkLabels(value, body);
  if (syntax) return syntax;
  if (endsInNumber(body)) {
    return {
      message: parseIpv4(body) !== undefined
        ? `${quote(value)} is an IP address, not a DNS name`
        : `${
          quote(value)
        } is not a DNS name: a numeric last label reads as an IPv4 address`,
    };
  }
  return undefined;
}

/**
 * A lowercase DNS name: dot-separated DNS labels, at most 253 characters, and
 * not an IP address (the last label is not a number, so no URL parser reads
 * it as IPv4).
 */
function diagnoseDnsName(value: string): FormatProblem | undefined {
  return checkName(value, value);
}

/**
 * An ingress host: a DNS name whose first label may be `*`; the limit of 253
 * characters counts the `*.`.
 */
function diagnoseIngressHost(value: string): FormatProblem | undefined {
  return checkName(value, value.startsWith("*.") ? value.slice(2) : value);
}

/**
 * A label key: an optional DNS-subdomain prefix (at most 253 characters) and
 * `/`, then a name of at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric
 * at both ends.
 */
function diagnoseLabelKey(value: string): FormatProblem | undefined {
  const slash = value.indexOf("/");
  let name = value;
  if (slash >= 0) {
    const prefix = value.slice(0, slash);
    name = value.slice(slash + 1);
    if (
      prefix === "" || prefix.length > MAX_NAME || checkLabels(prefix, prefix)
    ) {
      return {
        message: `label key prefix ${quote(prefix)} must be a DNS subdomain`,
      };
    }
  }
  if (name === "") {
    return { message: `label key ${quote(value)} has an empty name` };
  }
  if (name.length > MAX_LABEL) {
    return tooLong("label key name ", MAX_LABEL, name.length);
  }
  if (!NAME.test(name)) {
    return {
      message: `label key ${
        quote(value)
      } is invalid: the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    };
  }
  return undefined;
}

/**
 * A label value: empty, or at most 63 characters of `[A-Za-z0-9._-]`,
 * alphanumeric at both ends.
 */
function diagnoseLabelValue(value: string): FormatProblem | undefined {
  if (value === "") return undefined;
  if (value.length > MAX_LABEL) {
    return tooLong("label value ", MAX_LABEL, value.length);
  }
  if (!NAME.test(value)) {
    return {
      message: `label value ${
        quote(value)
      } is invalid: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    };
  }
  return undefined;
}

/**
 * The `dns_label` format.
 *
 * @example
 * ```ts
 * import { dnsLabel } from "./dns.ts";
 * console.log(new RegExp(dnsLabel.pattern!, "u").test("web")); // true
 * ```
 */
export const dnsLabel: Format = exactFormat({
  pattern: `^${LABEL_SRC}$`,
  diagnose: diagnoseDnsLabel,
  otherwise: (v) => `${quote(v)} is not a DNS label`,
});

/**
 * The `dns_name` format.
 *
 * @example
 * ```ts
 * import { dnsName } from "./dns.ts";
 * console.log(dnsName.maxLength, dnsName.exact); // 253 true
 * ```
 */
export const dnsName: Format = exactFormat({
  pattern: `^${NOT_NUMERIC_SRC}${SUBDOMAIN_SRC}$`,
  maxLength: MAX_NAME,
  diagnose: diagnoseDnsName,
  otherwise: (v) => `${quote(v)} is not a DNS name`,
});

/**
 * The `ingress_host` format.
 *
 * @example
 * ```ts
 * import { ingressHost } from "./dns.ts";
 * console.log(new RegExp(ingressHost.pattern!, "u").test("*.example.com")); // true
 * ```
 */
export const ingressHost: Format = exactFormat({
  pattern: `^(?:\\*\\.)?${NOT_NUMERIC_SRC}${SUBDOMAIN_SRC}$`,
  maxLength: MAX_NAME,
  diagnose: diagnoseIngressHost,
  otherwise: (v) => `${quote(v)} is not a DNS name`,
});

/**
 * The `label_key` format.
 *
 * @example
 * ```ts
 * import { labelKey } from "./dns.ts";
 * console.log(new RegExp(labelKey.pattern!, "u").test("app.kubernetes.io/name")); // true
 * ```
 */
export const labelKey: Format = exactFormat({
  pattern: `^(?:(?=[^/]{1,${MAX_NAME}}/)${SUBDOMAIN_SRC}/)?${NAME_SRC}$`,
  diagnose: diagnoseLabelKey,
  otherwise: (v) => `label key ${quote(v)} is invalid`,
});

/**
 * The `label_value` format.
 *
 * @example
 * ```ts
 * import { labelValue } from "./dns.ts";
 * console.log(new RegExp(labelValue.pattern!, "u").test("")); // true
 * ```
 */
export const labelValue: Format = exactFormat({
  pattern: `^(?:${NAME_SRC})?$`,
  diagnose: diagnoseLabelValue,
  otherwise: (v) => `label value ${quote(v)} is invalid`,
});

/**
 * A DNS label; see {@link dnsLabel}.
 *
 * @example
 * ```ts
 * import { checkDnsLabel } from "./dns.ts";
 * console.log(checkDnsLabel("web-1")); // undefined
 * console.log(checkDnsLabel("Web")?.hint); // 'use "web"'
 * ```
 */
export function checkDnsLabel(value: string): FormatProblem | undefined {
  return dnsLabel.check(value);
}

/**
 * A DNS name; see {@link dnsName}.
 *
 * @example
 * ```ts
 * import { checkDnsName } from "./dns.ts";
 * console.log(checkDnsName("kat.cluster.local")); // undefined
 * console.log(checkDnsName("a..b")?.message); // "\"a..b\" is not a DNS name: empty label"
 * console.log(checkDnsName("10.0.0.1")?.message); // "\"10.0.0.1\" is an IP address, not a DNS name"
 * ```
 */
export function checkDnsName(value: string): FormatProblem | undefined {
  return dnsName.check(value);
}

/**
 * An ingress host; see {@link ingressHost}.
 *
 * @example
 * ```ts
 * import { checkIngressHost } from "./dns.ts";
 * console.log(checkIngressHost("*.example.com")); // undefined
 * ```
 */
export function checkIngressHost(value: string): FormatProblem | undefined {
  return ingressHost.check(value);
}

/**
 * A label key; see {@link labelKey}.
 *
 * @example
 * ```ts
 * import { checkLabelKey } from "./dns.ts";
 * console.log(checkLabelKey("kat.dws.rip/zone")); // undefined
 * console.log(checkLabelKey("-x")?.message.startsWith("label key")); // true
 * ```
 */
export function checkLabelKey(value: string): FormatProblem | undefined {
  return labelKey.check(value);
}

/**
 * A label value; see {@link labelValue}.
 *
 * @example
 * ```ts
 * import { checkLabelValue } from "./dns.ts";
 * console.log(checkLabelValue("")); // undefined
 * ```
 */
export function checkLabelValue(value: string): FormatProblem | undefined {
  return labelValue.check(value);
}
