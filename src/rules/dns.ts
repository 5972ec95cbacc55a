/**
 * DNS labels and names, and Kubernetes-style label keys and values.
 *
 * @module
 */
import type { FormatProblem } from "./format.ts";

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A DNS label: lowercase letters, digits and `-`, alphanumeric at both ends,
 * at most 63 characters.
 *
 * @example
 * ```ts
 * import { checkDnsLabel } from "./dns.ts";
 * console.log(checkDnsLabel("web-1")); // undefined
 * console.log(checkDnsLabel("Web")?.hint); // 'use "web"'
 * ```
 */
export function checkDnsLabel(value: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  if (value.length > 63) {
    return {
      message: `must be at most 63 characters (it has ${value.length})`,
    };
  }
  if (LABEL.test(value)) return undefined;
  const lower = value.toLowerCase().replace(/[^-a-z0-9]/g, "-").replace(
    /^-+|-+$/g,
    "",
  );
  return {
    message: `${
      JSON.stringify(value)
    } is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit`,
    hint: lower && LABEL.test(lower) && lower.length <= 63
      ? `use ${JSON.stringify(lower)}`
      : undefined,
  };
}

/**
 * A lowercase DNS name: dot-separated DNS labels, at most 253 characters.
 *
 * @example
 * ```ts
 * import { checkDnsName } from "./dns.ts";
 * console.log(checkDnsName("kat.cluster.local")); // undefined
 * console.log(checkDnsName("a..b")?.message); // "\"a..b\" is not a DNS name: empty label"
 * ```
 */
export function checkDnsName(value: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  if (value.length > 253) {
    return {
      message: `must be at most 253 characters (it has ${value.length})`,
    };
  }
  for (const label of value.split(".")) {
    if (label === "") {
      return {
        message: `${JSON.stringify(value)} is not a DNS name: empty label`,
      };
    }
    if (label.length > 63) {
      return {
        message: `${JSON.stringify(value)} is not a DNS name: label ${
          JSON.stringify(label)
        } is longer than 63 characters`,
      };
    }
    if (!LABEL.test(label)) {
      const hint = value !== value.toLowerCase()
        ? `use ${JSON.stringify(value.toLowerCase())}`
        : undefined;
      return {
        message: `${JSON.stringify(value)} is not a DNS name: label ${
          JSON.stringify(label)
        } must be lowercase letters, digits and '-', starting and ending with a letter or digit`,
        hint,
      };
    }
  }
  return undefined;
}

/**
 * An ingress host: a DNS name whose first label may be `*`.
 *
 * @example
 * ```ts
 * import { checkIngressHost } from "./dns.ts";
 * console.log(checkIngressHost("*.example.com")); // undefined
 * ```
 */
export function checkIngressHost(value: string): FormatProblem | undefined {
  if (value.startsWith("*.")) return checkDnsName(value.slice(2));
  return checkDnsName(value);
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * A label key: an optional DNS-subdomain prefix and `/`, then a name of at most
 * 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends.
 *
 * @example
 * ```ts
 * import { checkLabelKey } from "./dns.ts";
 * console.log(checkLabelKey("kat.dws.rip/zone")); // undefined
 * console.log(checkLabelKey("-x")?.message.startsWith("label key")); // true
 * ```
 */
export function checkLabelKey(value: string): FormatProblem | undefined {
  const slash = value.indexOf("/");
  let name = value;
  if (slash >= 0) {
    const prefix = value.slice(0, slash);
    name = value.slice(slash + 1);
    const p = checkDnsName(prefix);
    if (p) {
      return {
        message: `label key prefix ${
          JSON.stringify(prefix)
        } must be a DNS subdomain`,
      };
    }
  }
  if (name === "") {
    return { message: `label key ${JSON.stringify(value)} has an empty name` };
  }
  if (name.length > 63) {
    return {
      message:
        `label key name must be at most 63 characters (it has ${name.length})`,
    };
  }
  if (!LABEL_NAME.test(name)) {
    return {
      message: `label key ${
        JSON.stringify(value)
      } is invalid: the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    };
  }
  return undefined;
}

/**
 * A label value: empty, or at most 63 characters of `[A-Za-z0-9._-]`,
 * alphanumeric at both ends.
 *
 * @example
 * ```ts
 * import { checkLabelValue } from "./dns.ts";
 * console.log(checkLabelValue("")); // undefined
 * console.log(checkLabelValue("a b")?.message); // 'label value "a b" is invalid: use letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit'
 * ```
 */
export function checkLabelValue(value: string): FormatProblem | undefined {
  if (value === "") return undefined;
  if (value.length > 63) {
    return {
      message:
        `label value must be at most 63 characters (it has ${value.length})`,
    };
  }
  if (!LABEL_NAME.test(value)) {
    return {
      message: `label value ${
        JSON.stringify(value)
      } is invalid: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    };
  }
  return undefined;
}
