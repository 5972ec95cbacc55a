/**
 * One test per rule bug found by the differential tests against the
 * references (Kubernetes, distribution/reference, go-digest, git, WHATWG URL).
 * Each fails on the rules as they were before the fix.
 */
import { quote } from "../../src/diagnostics/quote.ts";
import { assertEquals } from "../assert.ts";
import { formats, formatTable } from "../../src/rules/formats_by_name.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { brief, lines } from "../helpers.ts";

const ok = (format: string, v: string) =>
  assertEquals([format, v, formats[format](v)], [format, v, undefined]);
const message = (format: string, v: string) => formats[format](v)?.message;

function resources(requests: string, limits: string) {
  return parseManifest(
    lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Workload",
      "metadata: {name: web}",
      "spec:",
      "  type: SERVICE",
      "  source: {image: nginx}",
      "  container:",
      "    resources:",
      `      requests: {${requests}}`,
      `      limits: {${limits}}`,
    ),
    { file: "workload.kat" },
  );
}

Deno.test("a cpu of 310 digits is a diagnostic, not a crash", () => {
  const huge = "9".repeat(310);
  const r = resources(`cpu: "${huge}"`, `cpu: "${huge}"`);
  assertEquals(r.valid, false);
  assertEquals(
    brief(r.diagnostics).map((d) => d.replace("9".repeat(200), "N")),
    [
      '9:23 spec.container.resources.requests.cpu: "N…" (310 characters) is too large: cpu is at most 9223372036854775807 millicores',
      '10:21 spec.container.resources.limits.cpu: "N…" (310 characters) is too large: cpu is at most 9223372036854775807 millicores',
    ],
  );
});

Deno.test("cpu requests and limits beyond 2^53 millicores compare exactly", () => {
  const r = resources(
    'cpu: "9007199254740993m"',
    'cpu: "9007199254740992m"',
  );
  assertEquals(brief(r.diagnostics), [
    "9:23 spec.container.resources.requests.cpu: cpu request 9007199254740993m is above its limit 9007199254740992m",
  ]);
  assertEquals(
    resources('cpu: "9007199254740.993"', 'cpu: "9007199254740.992"').valid,
    false,
  );
  assertEquals(resources("memory: 1.5Gi", "memory: 1536Mi").valid, true);
  assertEquals(resources("memory: 1.5Gi", "memory: 1535Mi").valid, false);
});

Deno.test("quantities: whole bytes with a fraction, and the int64 bound", () => {
  ok("memory_quantity", "1.5Gi");
  ok("memory_quantity", "0.5Ki");
  ok("memory_quantity", "0.0009765625Ki");
  ok("memory_quantity", "9223372036854775807");
  ok("memory_quantity", "7.5Ei");
  assertEquals(
    message("memory_quantity", "1.5"),
    '"1.5" is not a whole number of bytes',
  );
  assertEquals(
    message("memory_quantity", "8Ei"),
    '"8Ei" is too large: memory is at most 9223372036854775807 bytes',
  );
  assertEquals(
    message("memory_quantity", "9223372036854775808"),
    '"9223372036854775808" is too large: memory is at most 9223372036854775807 bytes',
  );
  ok("cpu_quantity", "9223372036854775807m");
  ok("cpu_quantity", "1.5000");
  assertEquals(
    message("cpu_quantity", "9223372036854775.808"),
    '"9223372036854775.808" is too large: cpu is at most 9223372036854775807 millicores',
  );
});

Deno.test("a wildcard ingress host counts its '*.' towards 253 characters", () => {
  const name = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${
    "d".repeat(60)
  }`;
  assertEquals(name.length, 252);
  ok("ingress_host", `*.${name.slice(1)}`);
  ok("dns_name", name);
  assertEquals(
    message("ingress_host", `*.${name}`),
    "must be at most 253 characters (it has 254)",
  );
});

Deno.test("IPv4 literals are not DNS names or ingress hosts", () => {
  for (const format of ["dns_name", "ingress_host"]) {
    assertEquals(
      message(format, "10.0.0.1"),
      '"10.0.0.1" is an IP address, not a DNS name',
    );
    for (
      const v of [
        "127.1",
        "1.2.3",
        "0x7f.1",
        "2130706433",
        "a.0x",
        "web.0xa1b2c",
      ]
    ) {
      assertEquals(
        message(format, v),
        `${
          JSON.stringify(v)
        } is not a DNS name: a numeric last label reads as an IPv4 address`,
      );
    }
    ok(format, "1.example.com");
    ok(format, "web.0xg");
  }
  assertEquals(message("ingress_host", "*.1.2.3.4") !== undefined, true);
  ok("label_key", "10.0.0.1/x");
});

Deno.test("digests: only the algorithms a registry serves", () => {
  assertEquals(
    formats.oci_reference(`nginx@md5:${"0".repeat(32)}`),
    {
      message: `"nginx@md5:${
        "0".repeat(32)
      }" is not an OCI image reference: digest algorithm "md5" is not supported`,
      hint: "use sha256, sha384, sha512",
    },
  );
  ok("oci_reference", `nginx@sha384:${"0".repeat(96)}`);
  ok("oci_reference", `nginx@sha512:${"0".repeat(128)}`);
});

Deno.test("a name of 64 hex digits is an image ID, not a repository", () => {
  const id = "0123456789abcdef".repeat(4);
  assertEquals(
    message("oci_reference", id),
    `"${id}" is not an OCI image reference: 64 hexadecimal digits are an image ID, not a repository`,
  );
  assertEquals(message("oci_repository", id) !== undefined, true);
  ok("oci_reference", `${id}:1`);
  ok("oci_reference", `org/${id}`);
});

Deno.test("bracketed IPv6 registries and git hosts", () => {
  ok("oci_reference", "[::1]:5000/app");
  ok("oci_reference", "[fd00::1]/app:1");
  ok("oci_repository", "[::1]:5000/cache");
  assertEquals(
    message("oci_reference", "[::1::2]:5000/app"),
    '"[::1::2]:5000/app" is not an OCI image reference: invalid registry host "[::1::2]"',
  );
  ok("git_repository", "https://[::1]/x");
  ok("git_repository", "ssh://git@[fd00::1]:2222/org/app");
  ok("git_repository", "git@[::1]:org/app");
});

Deno.test("git URLs: control characters, options in disguise, ports", () => {
  for (const v of ["https://h/a\0b", "https://h/a\u001bb", "git@h:a\x7f"]) {
    assertEquals(
      message("git_repository", v),
      `${
        quote(v)
      } is not a git repository: whitespace and control characters are not allowed`,
    );
  }
  assertEquals(
    message("git_repository", "ssh://-oProxyCommand=x@h/r"),
    `"ssh://-oProxyCommand=x@h/r" is not a git repository: the user must be letters, digits, '.', '_' and '-', not starting with '-'`,
  );
  assertEquals(message("git_repository", "-x@h:r") !== undefined, true);
  assertEquals(message("git_repository", "ssh://-h/r") !== undefined, true);
  assertEquals(
    message("git_repository", "git@h:-r"),
    `"git@h:-r" is not a git repository: the path must not be empty or start with '-'`,
  );
  assertEquals(
    message("git_repository", "ssh://h:65536/r"),
    `"ssh://h:65536/r" is not a git repository: the port must be 1 to 65535, not "65536"`,
  );
  ok("git_repository", "ssh://h:65535/r");
});

Deno.test("a '.lock' component anywhere in a ref", () => {
  assertEquals(
    message("git_ref", "a.lock/b"),
    `"a.lock/b" is not a valid git branch or tag name: a component must not end with '.lock'`,
  );
  ok("git_ref", "a.locked/b");
});

Deno.test("maxSurge: the pattern and the check agree on leading zeros", () => {
  assertEquals(formats.max_surge("01%"), {
    message:
      "maxSurge must be an integer from 1 to 2147483647 or a percentage from 1% to 100%",
    hint: 'use "1%"',
  });
  const re = new RegExp(formatTable.max_surge.pattern!, "u");
  assertEquals(
    ["01%", "1%", "100%", "2147483647", "2147483648"].map((v) => re.test(v)),
    [
      false,
      true,
      true,
      true,
      false,
    ],
  );
});

Deno.test("git URLs: what git itself would split elsewhere", () => {
  // git reads everything before "://" as a scheme, wherever the "@" is.
  assertEquals(message("git_repository", "gi@t://h/app") !== undefined, true);
  // git looks for "@[" anywhere, so this has the user "u.x/u.x" to git.
  assertEquals(
    message("git_repository", "ssh://u.x/u.x@[::1]/app"),
    `"ssh://u.x/u.x@[::1]/app" is not a git repository: '@[' in the path would make git read what precedes it as the user`,
  );
  // ssh users with ':' are not split from the port by git.
  assertEquals(
    message("git_repository", "ssh://u:p@h:22/a") !== undefined,
    true,
  );
  ok("git_repository", "https://u:token@h/a");
  // A host that ends in a number is an IPv4 address to curl and ssh.
  assertEquals(message("git_repository", "https://2/a") !== undefined, true);
  ok("git_repository", "https://10.0.0.1/a");
  assertEquals(message("git_repository", "https://#u@h/a") !== undefined, true);
});
