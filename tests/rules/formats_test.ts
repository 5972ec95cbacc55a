import { assertEquals } from "../assert.ts";
import { formats, formatTable } from "../../src/rules/formats_by_name.ts";
import { messageTypes } from "../../src/schema/registry.ts";

/** For each format: values that pass, and values that fail. */
const CASES: Record<string, { ok: string[]; bad: string[] }> = {
  api_version: {
    ok: ["kat.dws.rip/v1alpha1"],
    bad: ["kat.dws.rip/v1", "v1alpha1", ""],
  },
  dns_label: {
    ok: ["a", "web-1", "0abc", "a".repeat(63)],
    bad: ["", "Web", "-a", "a-", "a_b", "a.b", "a".repeat(64)],
  },
  dns_name: {
    ok: ["kat.cluster.local", "a", "x-1.y-2"],
    bad: [
      "",
      "a..b",
      ".a",
      "a.",
      "Kat.Local",
      `${"a".repeat(64)}.b`,
      `${"a.".repeat(127)}ab`,
    ],
  },
  ingress_host: {
    ok: ["example.com", "*.example.com"],
    bad: ["*", "a.*.com", "*example.com", "EXAMPLE.com"],
  },
  label_key: {
    ok: ["tier", "app.kubernetes.io/name", "a_b.c-d", "A"],
    bad: [
      "",
      "-a",
      "a-",
      "/a",
      "Bad_Prefix/a",
      `${"a".repeat(64)}`,
      "a/b/c",
      "a b",
    ],
  },
  label_value: {
    ok: ["", "web", "v1.2_x-y", "a".repeat(63)],
    bad: ["-a", "a b", "a".repeat(64), "a/b"],
  },
  env_name: { ok: ["PATH", "_x", "a1_B"], bad: ["1A", "A-B", "", "A B"] },
  absolute_path: {
    ok: ["/", "/var/lib/kat", "/a/./b"],
    bad: ["", "var", "/a/../b", "/a\0b"],
  },
  relative_path: {
    ok: [".", "a", "a/b/Dockerfile", "./x"],
    bad: ["", "/abs", "../x", "a/../../b", "a/.."],
  },
  url_path: { ok: ["/", "/api/v1"], bad: ["api", "", "/a b"] },
  oci_reference: {
    ok: [
      "nginx",
      "nginx:1.25",
      "library/nginx",
      "ghcr.io/org/app:1.2",
      "localhost:5000/app",
      `localhost:5000/app@sha256:${"a".repeat(64)}`,
      `nginx:1.25@sha256:${"0".repeat(64)}`,
      "reg.example.com:443/a/b-c/d__e.f",
    ],
    bad: [
      "",
      "Nginx",
      "nginx:",
      "nginx@sha256:abc",
      `nginx@sha256:${"A".repeat(64)}`,
      "a//b",
      "-a",
      "nginx:-x",
      "reg:x/a",
    ],
  },
  oci_repository: {
    ok: ["reg.example.com/cache", "cache"],
    bad: ["reg.example.com/cache:latest", `a@sha256:${"a".repeat(64)}`],
  },
  git_repository: {
    ok: [
      "https://github.com/org/app.git",
      "ssh://git@example.com:2222/org/app",
      "git@github.com:org/app.git",
    ],
    bad: [
      "",
      "http://example.com/a.git",
      "/srv/git/app",
      "github.com/org/app",
      "ftp://x/y",
      "https://exa mple.com/a",
    ],
  },
  git_ref: {
    ok: ["main", "release/1.2", "v1.0.0"],
    bad: ["", "a..b", "-x", "a b", "x.lock", "a/", "/a", "a~1", "@"],
  },
  git_commit: {
    ok: ["a1b2c3d", "0".repeat(40), "f".repeat(64)],
    bad: ["abc", "A1B2C3D", "g1b2c3d", "0".repeat(65)],
  },
  max_surge: {
    ok: ["1", "25", "1%", "100%"],
    bad: ["0", "-1", "0%", "101%", "1.5", "x", "2147483648"],
  },
  cpu_quantity: {
    ok: ["250m", "0.5", "2", "1.001"],
    bad: ["0", "0m", "0.0", ".5", "1.0001", "1m5", "-1", "1 m"],
  },
  memory_quantity: {
    ok: ["512", "128Mi", "1G", "1k", "3Ei", "1.5Gi"],
    bad: ["0", "0Mi", "1Mb", "1MB", "1.5", "1K", "x"],
  },
  cron: {
    ok: [
      "* * * * *",
      "*/15 9-17 * * MON-FRI",
      "0 0 1 jan,jul *",
      "0 0 * * 7",
      "5,10-20/5 * * * *",
      "@daily",
      "@annually",
    ],
    bad: [
      "",
      "* * * *",
      "0 0 * * * *",
      "61 * * * *",
      "* 24 * * *",
      "* * 0 * *",
      "* * * 13 *",
      "* * * * 8",
      "5/15 * * * *",
      "@every 5m",
      "*/0 * * * *",
      "10-5 * * * *",
    ],
  },
  platform: {
    ok: ["linux/amd64", "linux/arm64/v8", "windows/amd64"],
    bad: ["linux", "Linux/amd64", "linux/amd64/v8/x", "linux/"],
  },
  cidr: {
    ok: [
      "10.0.0.0/8",
      "0.0.0.0/0",
      "192.168.1.0/24",
      "fd00::/8",
      "::/0",
      "2001:db8::/32",
      "::ffff:10.0.0.0/104",
    ],
    bad: [
      "10.0.0.0",
      "10.0.0.1/8",
      "10.0.0.0/33",
      "010.0.0.0/8",
      "256.0.0.0/8",
      "fd00::1/64",
      "fd00:::/8",
      "1:2:3:4:5:6:7:8:9/64",
      "x/8",
      "10.0.0.0/08",
    ],
  },
};

Deno.test("every format named in the proto has a check and test cases", () => {
  const used = new Set<string>();
  for (const type of messageTypes) {
    for (const { rules: r } of type.fields) {
      for (const name of [r.format, r.keyFormat, r.valueFormat]) {
        if (name) used.add(name);
      }
    }
  }
  for (const name of used) {
    assertEquals([name, typeof formats[name]], [name, "function"]);
    assertEquals([name, name in CASES], [name, true]);
  }
  assertEquals(Object.keys(formats).sort(), [...used].sort());
  assertEquals(used.size > 10, true);
});

for (const [name, { ok, bad }] of Object.entries(CASES)) {
  Deno.test(`format ${name}: accepts and rejects`, () => {
    for (const v of ok) assertEquals([v, formats[name](v)], [v, undefined]);
    for (const v of bad) {
      assertEquals([v, formats[name](v) !== undefined], [v, true]);
    }
  });
}

Deno.test("patterns agree with their checks on the test cases", () => {
  for (const [name, { pattern }] of Object.entries(formatTable)) {
    if (pattern === undefined) continue;
    const re = new RegExp(pattern, "u");
    for (const v of CASES[name].ok) {
      assertEquals([name, v, re.test(v)], [name, v, true]);
    }
  }
});

Deno.test("messages and hints say what is wrong and how to fix it", () => {
  const m = (name: string, v: string) => formats[name](v);
  assertEquals(m("dns_label", "Web_App"), {
    message:
      `"Web_App" is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit`,
    hint: 'use "web-app"',
  });
  assertEquals(
    m("dns_label", "a".repeat(64))?.message,
    "must be at most 63 characters (it has 64)",
  );
  assertEquals(m("api_version", "v1"), {
    message: 'unsupported apiVersion "v1"',
    hint: "use kat.dws.rip/v1alpha1",
  });
  assertEquals(m("oci_reference", "Nginx:1")?.hint, 'use "nginx:1"');
  assertEquals(
    m("oci_reference", "nginx@sha256:abc")?.message,
    '"nginx@sha256:abc" is not an OCI image reference: a sha256 digest has 64 hex digits, not 3',
  );
  assertEquals(
    m("oci_repository", "reg.example.com/c:1")?.hint,
    'use "reg.example.com/c"',
  );
  assertEquals(m("git_repository", "http://x/y")?.hint, "use https://");
  assertEquals(m("git_commit", "ABCDEF1")?.hint, 'use "abcdef1"');
  assertEquals(
    m("memory_quantity", "512MB")?.hint,
    'use "512Mi" (MiB) or "512M" (MB)',
  );
  assertEquals(m("memory_quantity", "0"), {
    message: "memory must be greater than 0",
  });
  assertEquals(
    m("cpu_quantity", "0.0001")?.message,
    '"0.0001" is finer than 1m, the smallest cpu unit',
  );
  assertEquals(m("cron", "61 * * * *"), {
    message: "minute field: 61 is out of range 0-59",
  });
  assertEquals(m("cron", "* * * * FUN"), {
    message: 'day-of-week field: "FUN" is not a number or a name',
  });
  assertEquals(m("cron", "0 0 0 * * *"), {
    message:
      "a schedule has 5 fields (minute hour day-of-month month day-of-week), found 6",
    hint: "seconds are not supported: drop the first field",
  });
  assertEquals(m("cron", "@every 5m"), {
    message: 'unknown schedule macro "@every 5m"',
    hint: "use one of @yearly @annually @monthly @weekly @daily @hourly",
  });
  assertEquals(m("cidr", "10.0.0.5/16"), {
    message: '"10.0.0.5/16" has host bits set',
    hint: "use 10.0.0.0/16",
  });
  assertEquals(m("cidr", "fd00::1/64"), {
    message: '"fd00::1/64" has host bits set',
    hint: "use fd00::/64",
  });
  assertEquals(m("cidr", "10.0.0.0"), {
    message: '"10.0.0.0" is not a CIDR range: the prefix length is missing',
    hint: "for example 10.0.0.0/16",
  });
  assertEquals(m("relative_path", "/app")?.hint, 'use "app"');
  assertEquals(m("absolute_path", "srv")?.hint, 'use "/srv"');
});
