/**
 * Every syntax a proto field can name with `(field).format`: its check, and
 * its JSON-Schema description, from one table.
 *
 * @module
 */
import { API_VERSION } from "../schema/registry.ts";
import { quote } from "../diagnostics/quote.ts";
import { cidr } from "./cidr.ts";
import { cron } from "./cron.ts";
import { dnsLabel, dnsName, ingressHost, labelKey, labelValue } from "./dns.ts";
import { exactFormat, type Format, type FormatCheck } from "./format.ts";
import { gitCommit, gitRef, gitRepository } from "./git.ts";
import { ociReference, ociRepository } from "./oci.ts";
import { absolutePath, relativePath, urlPath } from "./paths.ts";
import { cpuQuantity, maxSurge, memoryQuantity } from "./quantity.ts";

/** A format that is one regular expression, with one message. */
function regexFormat(re: RegExp, message: (v: string) => string): Format {
  return exactFormat({
    pattern: re.source,
    diagnose: () => undefined,
    otherwise: message,
  });
}

/**
 * Every format by name.
 *
 * @example
 * ```ts
 * import { formatTable } from "./formats_by_name.ts";
 * console.log(formatTable.dns_label.maxLength, formatTable.dns_name.maxLength); // undefined 253
 * ```
 */
export const formatTable: Readonly<Record<string, Format>> = {
  api_version: exactFormat({
    pattern: `^${API_VERSION.replace(/[.]/g, "\\.")}$`,
    diagnose: (v) => ({
      message: `unsupported apiVersion ${quote(v)}`,
      hint: `use ${API_VERSION}`,
    }),
    otherwise: (v) => `unsupported apiVersion ${quote(v)}`,
  }),
  dns_label: dnsLabel,
  dns_name: dnsName,
  ingress_host: ingressHost,
  label_key: labelKey,
  label_value: labelValue,
  env_name: regexFormat(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    (v) =>
      `${
        quote(v)
      } is not a valid name: use letters, digits and '_', not starting with a digit`,
  ),
  absolute_path: absolutePath,
  relative_path: relativePath,
  url_path: urlPath,
  oci_reference: ociReference,
  oci_repository: ociRepository,
  git_repository: gitRepository,
  git_ref: gitRef,
  git_commit: gitCommit,
  max_surge: maxSurge,
  cpu_quantity: cpuQuantity,
  memory_quantity: memoryQuantity,
  cron,
  platform: regexFormat(
    /^[a-z0-9_]+\/[a-z0-9_]+(?:\/[a-z0-9_]+)?$/,
    (v) =>
      `${
        quote(v)
      } is not a platform: use os/arch or os/arch/variant, such as linux/amd64`,
  ),
  cidr,
};

/**
 * The checks by format name, as the decoder runs them.
 *
 * @example
 * ```ts
 * import { formats } from "./formats_by_name.ts";
 * console.log(formats.env_name("PATH")); // undefined
 * console.log(formats.platform("linux")?.message); // '"linux" is not a platform: use os/arch or os/arch/variant, such as linux/amd64'
 * ```
 */
export const formats: Readonly<Record<string, FormatCheck>> = Object
  .fromEntries(
    Object.entries(formatTable).map(([name, f]) => [name, f.check]),
  );
