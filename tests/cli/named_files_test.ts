/**
 * `.kat` files named on the command line, as pre-commit and editors name
 * them: each is checked with the rest of its quadlet, but only its own
 * diagnostics and those of rules between files that involve it are
 * reported, and only what is reported on is counted; a ClusterConfiguration
 * named stands alone.
 */
import { assertEquals } from "../assert.ts";
import { lines } from "../helpers.ts";
import { katcall, tree, workload } from "./cli_helpers.ts";

/** A VirtualLoadBalancer named `name` with a port out of range. */
function badPortBalancer(name: string): string {
  return lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: VirtualLoadBalancer",
    `metadata: {name: ${name}}`,
    "spec: {ports: [{name: http, containerPort: 99999}]}",
  );
}

const JOB = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: JobDefinition",
  "metadata: {name: web}",
  'spec: {schedule: "* * * * *"}',
);

/** A ClusterConfiguration, valid or with a bad clusterCIDR. */
function cluster(cidr: string): string {
  return lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    "metadata: {name: home}",
    `spec: {clusterCIDR: ${cidr}, serviceCIDR: 10.96.0.0/12}`,
  );
}

const PORT =
  "/VirtualLoadBalancer.kat:4:44: error: spec.ports[0].containerPort: must be between 1 and 65535";
const NAME =
  `/VirtualLoadBalancer.kat:3:18: error: metadata.name: metadata.name "webb" differs from the Workload's "web" (hint: every resource of a quadlet is named like its Workload (ROOT/app/workload.kat))`;
const JOB_TYPE =
  "/workload.kat:5:9: error: spec.type: a JobDefinition (ROOT/app/JobDefinition.kat) needs spec.type JOB (hint: set spec.type: JOB, or remove the JobDefinition)";
/** NAME, at the workload, when the balancer is not named. */
const NAME_AT_WORKLOAD =
  `/workload.kat:3:18: error: metadata.name: metadata.name "web" differs from the VirtualLoadBalancer's "webb" (ROOT/app/VirtualLoadBalancer.kat) (hint: every resource of a quadlet is named like its Workload)`;
/** JOB_TYPE, at the job, when the workload is not named. */
const JOB_TYPE_AT_JOB =
  "/JobDefinition.kat:2:7: error: kind: a JobDefinition (ROOT/app/JobDefinition.kat) needs spec.type JOB, at spec.type in ROOT/app/workload.kat (hint: set spec.type: JOB, or remove the JobDefinition)";

/** Runs `validate --summary ARGS` and gives its code and output lines. */
async function validate(root: string, ...args: string[]) {
  const r = await katcall(["validate", "--summary", ...args]);
  const text = r.out.replaceAll(root, "ROOT");
  return [r.code, ...text.split("\n").filter(Boolean)];
}

Deno.test("a file named: a sibling's own error is not reported; the rules between files that involve it are", async () => {
  const root = await tree({
    "app/workload.kat": workload("web"),
    "app/VirtualLoadBalancer.kat": badPortBalancer("webb"),
    "app/JobDefinition.kat": JOB,
    "app/notes.txt": "to do\n",
  });
  const app = `${root}/app`;
  try {
    // The directory: everything.
    assertEquals(await validate(root, app), [
      1,
      `ROOT/app${NAME}`,
      `ROOT/app${PORT}`,
      "ROOT/app/notes.txt:1:1: warning: not a .kat file; ignored",
      `ROOT/app${JOB_TYPE}`,
      "Summary: 3 files, 3 resources, 3 errors, 1 warning",
    ]);
    // The workload: the name mismatch with the balancer and the job's rule
    // are said at it; the balancer's port is the balancer's.
    assertEquals(await validate(root, `${app}/workload.kat`), [
      1,
      `ROOT/app${NAME_AT_WORKLOAD}`,
      `ROOT/app${JOB_TYPE}`,
      "Summary: 1 file, 1 resource, 2 errors, 0 warnings",
    ]);
    // The balancer: its own error and its mismatch with the workload.
    assertEquals(await validate(root, `${app}/VirtualLoadBalancer.kat`), [
      1,
      `ROOT/app${NAME}`,
      `ROOT/app${PORT}`,
      "Summary: 1 file, 1 resource, 2 errors, 0 warnings",
    ]);
    // The job: the rule it sets on the workload, said at the job.
    assertEquals(await validate(root, `${app}/JobDefinition.kat`), [
      1,
      `ROOT/app${JOB_TYPE_AT_JOB}`,
      "Summary: 1 file, 1 resource, 1 error, 0 warnings",
    ]);
    // Named as a directory too: all of it, whatever the order.
    for (
      const args of [[`${app}/workload.kat`, app], [app, `${app}/workload.kat`]]
    ) {
      assertEquals(
        await validate(root, ...args),
        await validate(root, app),
        args.join(" "),
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a file named is valid when only a sibling is not: exit 0, no sibling in the report", async () => {
  const root = await tree({
    "app/workload.kat": workload("web"),
    "app/VirtualLoadBalancer.kat": badPortBalancer("web"),
    "app/notes.txt": "to do\n",
  });
  const file = `${root}/app/workload.kat`;
  try {
    const r = await katcall([
      "validate",
      "-v",
      "--summary",
      "--max-warnings",
      "0",
      file,
    ]);
    assertEquals([r.code, r.out.replaceAll(root, "ROOT")], [
      0,
      "ROOT/app/workload.kat: ok\nSummary: 1 file, 1 resource, 0 errors, 0 warnings\n",
    ]);
    const tap = await katcall(["validate", "-f", "tap", file]);
    assertEquals(tap.code, 0);
    assertEquals(
      tap.out.split("\n").filter((l) => /^(not )?ok /.test(l)).map((l) =>
        l.replaceAll(root, "ROOT")
      ),
      ["ok 1 - ROOT/app/workload.kat"],
    );
    const inspect = await katcall(["inspect", "-f", "json", file]);
    assertEquals(
      [
        inspect.code,
        inspect.err,
        JSON.parse(inspect.out).map((r: { kind: string }) => r.kind),
      ],
      [0, "", ["Workload"]],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a ClusterConfiguration named stands alone: its sibling clusters' errors are theirs", async () => {
  const root = await tree({
    "clusters/valid.kat": cluster("10.244.0.0/16"),
    "clusters/bad.kat": cluster("10.244.0.0/99"),
  });
  const valid = `${root}/clusters/valid.kat`;
  try {
    assertEquals(await validate(root, valid), [
      0,
      "Summary: 1 file, 1 resource, 0 errors, 0 warnings",
    ]);
    assertEquals(await validate(root, `${root}/clusters`), [
      1,
      'ROOT/clusters/bad.kat:4:21: error: spec.clusterCIDR: "10.244.0.0/99" is not a CIDR range: the prefix length must be 0 to 32',
      "Summary: 2 files, 2 resources, 1 error, 0 warnings",
    ]);
    const inspect = await katcall(["inspect", "-f", "json", valid]);
    assertEquals(
      [
        inspect.code,
        inspect.err,
        JSON.parse(inspect.out).map((r: { kind: string }) => r.kind),
      ],
      [0, "", ["ClusterConfiguration"]],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a rule between files fails the file named, never a file not named: text, TAP, JUnit", async () => {
  const root = await tree({
    "q2/workload.kat": workload("web"),
    "q2/VirtualLoadBalancer.kat": lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: VirtualLoadBalancer",
      "metadata:",
      "  namespace: default",
      "  name: webx",
      "spec: {ports: [{name: http, containerPort: 80}]}",
    ),
  });
  const run = async (format: string, ...files: string[]) => {
    const r = await katcall([
      "validate",
      "--format",
      format,
      ...files.map((f) => `${root}/q2/${f}`),
    ]);
    return [r.code, ...r.out.replaceAll(root, "R").split("\n")];
  };
  const atWorkload =
    `R/q2/workload.kat:3:18: error: metadata.name: metadata.name "web" differs from the VirtualLoadBalancer's "webx" (R/q2/VirtualLoadBalancer.kat) (hint: every resource of a quadlet is named like its Workload)`;
  const atBalancer =
    `R/q2/VirtualLoadBalancer.kat:5:9: error: metadata.name: metadata.name "webx" differs from the Workload's "web" (hint: every resource of a quadlet is named like its Workload (R/q2/workload.kat))`;
  try {
    // Only the workload named: it fails, at its own name.
    assertEquals(await run("text", "workload.kat"), [1, atWorkload, ""]);
    assertEquals(await run("tap", "workload.kat"), [
      1,
      "TAP version 13",
      "1..1",
      `not ok 1 - ${atWorkload} [invalid]`,
      "",
    ]);
    const junit = await run("junit", "workload.kat");
    assertEquals(junit.slice(0, 5), [
      1,
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="katcall" tests="1" failures="1" errors="0">',
      '  <testsuite name="R/q2" tests="1" failures="1" errors="0" skipped="0">',
      '    <testcase name="R/q2/workload.kat" classname="R/q2">',
    ]);
    assertEquals(junit.join("\n").includes('VirtualLoadBalancer.kat"'), false);
    // Only the balancer named: it fails, as it always did.
    assertEquals(await run("tap", "VirtualLoadBalancer.kat"), [
      1,
      "TAP version 13",
      "1..1",
      `not ok 1 - ${atBalancer} [invalid]`,
      "",
    ]);
    // Both named, or the directory: at the balancer, the workload is ok.
    for (const named of [["VirtualLoadBalancer.kat", "workload.kat"], [""]]) {
      assertEquals(await run("tap", ...named), [
        1,
        "TAP version 13",
        "1..2",
        `not ok 1 - ${atBalancer} [invalid]`,
        "ok 2 - R/q2/workload.kat",
        "",
      ], named.join(" "));
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
