/**
 * Every syntax check a proto field can name with `(field).format`.
 *
 * @module
 */
import { parseCidr } from "./cidr.ts";
import { checkCron } from "./cron.ts";
import {
  checkDnsLabel,
  checkDnsName,
  checkIngressHost,
  checkLabelKey,
  checkLabelValue,
} from "./dns.ts";
import type { FormatCheck } from "./format.ts";
import { checkGitCommit, checkGitRef, checkGitRepository } from "./git.ts";
import { checkOciReference, checkOciRepository } from "./oci.ts";
import { checkAbsolutePath, checkRelativePath, checkUrlPath } from "./paths.ts";
import {
  checkCpuQuantity,
  checkMaxSurge,
  checkMemoryQuantity,
} from "./quantity.ts";

/** The one accepted `apiVersion`. */
const API_VERSION = "kat.dws.rip/v1alpha1";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_]+)?$/;

/**
 * The checks by format name.
 *
 * @example
 * ```ts
 * import { formats } from "./formats.ts";
 * console.log(formats.env_name("PATH")); // undefined
 * console.log(formats.platform("linux")?.message); // '"linux" is not a platform: use os/arch or os/arch/variant, such as linux/amd64'
 * ```
 */
export const formats: Readonly<Record<string, FormatCheck>> = {
  api_version: (v) =>
    v === API_VERSION ? undefined : {
      message: `unsupported apiVersion ${JSON.stringify(v)}`,
      hint: `use ${API_VERSION}`,
    },
  dns_label: checkDnsLabel,
  dns_name: checkDnsName,
  ingress_host: checkIngressHost,
  label_key: checkLabelKey,
  label_value: checkLabelValue,
  env_name: (v) =>
    ENV_NAME.test(v) ? undefined : {
      message: `${
        JSON.stringify(v)
      } is not a valid name: use letters, digits and '_', not starting with a digit`,
    },
  absolute_path: checkAbsolutePath,
  relative_path: checkRelativePath,
  url_path: checkUrlPath,
  oci_reference: checkOciReference,
  oci_repository: checkOciRepository,
  git_repository: checkGitRepository,
  git_ref: checkGitRef,
  git_commit: checkGitCommit,
  max_surge: checkMaxSurge,
  cpu_quantity: checkCpuQuantity,
  memory_quantity: checkMemoryQuantity,
  cron: checkCron,
  platform: (v) =>
    PLATFORM.test(v) ? undefined : {
      message: `${
        JSON.stringify(v)
      } is not a platform: use os/arch or os/arch/variant, such as linux/amd64`,
    },
  cidr: (v) => {
    const r = parseCidr(v);
    return "problem" in r ? r.problem : undefined;
  },
};

/**
 * Regular expressions (ECMAScript, anchored) that describe formats, fully or
 * in part, for editors' JSON Schemas.
 *
 * @example
 * ```ts
 * import { formatPatterns } from "./formats.ts";
 * console.log(new RegExp(formatPatterns.dns_label).test("web")); // true
 * ```
 */
export const formatPatterns: Readonly<Record<string, string>> = {
  api_version: "^kat\\.dws\\.rip/v1alpha1$",
  dns_label: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
  dns_name:
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
  env_name: ENV_NAME.source,
  absolute_path: "^/",
  url_path: "^/",
  relative_path: "^[^/]",
  git_commit: "^[0-9a-f]{7,64}$",
  max_surge: "^([1-9][0-9]*|([1-9][0-9]?|100)%)$",
  cpu_quantity: "^([0-9]+m|[0-9]+(\\.[0-9]{1,3})?)$",
  memory_quantity: "^[0-9]+(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$",
  platform: PLATFORM.source,
};
