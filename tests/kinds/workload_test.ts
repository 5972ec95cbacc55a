import { assertEquals } from "../assert.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { brief, lines, resourceOf, where } from "../helpers.ts";

/** A workload; `spec` lines start on line 6 and are indented by two spaces. */
function workload(...spec: string[]) {
  return parseManifest(
    lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Workload",
      "metadata:",
      "  name: web",
      "spec:",
      ...spec.map((l) => "  " + l),
    ),
    { file: "workload.kat" },
  );
}

const SERVICE = ["type: SERVICE", "source: {image: nginx}", "container: {}"];

Deno.test("a minimal SERVICE gets every default", () => {
  const r = workload(...SERVICE);
  assertEquals(r.diagnostics, []);
  assertEquals(resourceOf(r, "Workload")?.spec, {
    type: "SERVICE",
    source: { image: "nginx" },
    replicas: 1,
    updateStrategy: { type: "Rolling", maxSurge: "1" },
    restartPolicy: { condition: "Always" },
    container: { name: "web" },
  });
  assertEquals(resourceOf(r, "Workload")?.metadata, {
    name: "web",
    namespace: "default",
  });
});

Deno.test("a JOB restarts Never by default and gets no replicas or update strategy", () => {
  const r = workload("type: JOB", "source: {image: busybox}", "container: {}");
  assertEquals(r.diagnostics, []);
  assertEquals(resourceOf(r, "Workload")?.spec, {
    type: "JOB",
    source: { image: "busybox" },
    restartPolicy: { condition: "Never" },
    container: { name: "web" },
  });
});

Deno.test("a DAEMON_SERVICE gets a rolling update but no replicas", () => {
  const r = workload(
    "type: DAEMON_SERVICE",
    "source: {image: nginx}",
    "container: {}",
  );
  assertEquals(resourceOf(r, "Workload")?.spec?.replicas, undefined);
  assertEquals(
    resourceOf(r, "Workload")?.spec?.updateStrategy?.type,
    "Rolling",
  );
});

Deno.test("type, source and container are required", () => {
  const r = workload("replicas: 2");
  assertEquals(brief(r.diagnostics), [
    "6:3 spec.container: required field is missing",
    "6:3 spec.source: required field is missing",
    "6:3 spec.type: required field is missing",
  ]);
});

Deno.test("type is one of the three spellings", () => {
  const r = workload(
    "type: Service",
    "source: {image: nginx}",
    "container: {}",
  );
  assertEquals(brief(r.diagnostics), [
    '6:9 spec.type: unsupported value "Service": must be one of "SERVICE", "JOB", "DAEMON_SERVICE"',
  ]);
  assertEquals(r.diagnostics[0].hint, 'did you mean "SERVICE"?');
});

Deno.test("source: exactly one of image and git", () => {
  const none = workload("type: SERVICE", "source: {}", "container: {}");
  assertEquals(where(none.diagnostics), ["7:11 spec.source.image"]);
  const both = workload(
    "type: SERVICE",
    "source:",
    "  image: nginx",
    "  git: {repository: https://example.com/a.git}",
    "container: {}",
  );
  assertEquals(brief(both.diagnostics), [
    "9:5 spec.source.git: only one of image, git may be set, but image is set too",
  ]);
});

Deno.test("image references are checked", () => {
  const r = workload(
    "type: SERVICE",
    "source: {image: Nginx}",
    "container: {}",
  );
  assertEquals(where(r.diagnostics), ["7:19 spec.source.image"]);
  for (
    const ok of [
      "nginx",
      "ghcr.io/org/app:1.2",
      `localhost:5000/app@sha256:${"a".repeat(64)}`,
    ]
  ) {
    assertEquals(
      workload("type: SERVICE", `source: {image: "${ok}"}`, "container: {}")
        .valid,
      true,
      ok,
    );
  }
});

Deno.test("git: repository required and checked; one revision; commit is hex", () => {
  const missing = workload(
    "type: SERVICE",
    "source:",
    "  git: {branch: main}",
    "container: {}",
  );
  assertEquals(brief(missing.diagnostics), [
    "8:10 spec.source.git.repository: required field is missing",
  ]);
  const bad = workload(
    "type: SERVICE",
    "source:",
    "  git: {repository: ftp://x/y}",
    "container: {}",
  );
  assertEquals(where(bad.diagnostics), ["8:23 spec.source.git.repository"]);
  const two = workload(
    "type: SERVICE",
    "source:",
    "  git:",
    "    repository: git@github.com:org/app.git",
    "    branch: main",
    "    tag: v1",
    "container: {}",
  );
  assertEquals(where(two.diagnostics), ["11:7 spec.source.git.tag"]);
  const commit = workload(
    "type: SERVICE",
    "source:",
    "  git: {repository: https://example.com/a.git, commit: ABCDEF1}",
    "container: {}",
  );
  assertEquals(where(commit.diagnostics), ["8:58 spec.source.git.commit"]);
});

Deno.test("cacheImage only with git", () => {
  const r = workload(
    "type: SERVICE",
    "source: {image: nginx, cacheImage: cache}",
    "container: {}",
  );
  assertEquals(brief(r.diagnostics), [
    "7:38 spec.source.cacheImage: cacheImage is only used with a git source",
  ]);
  const ok = workload(
    "type: SERVICE",
    "source: {git: {repository: https://example.com/a.git}, cacheImage: reg.example.com/cache}",
    "container: {}",
  );
  assertEquals(ok.diagnostics, []);
});

Deno.test("replicas: SERVICE only, at least 0, and 0 stays 0", () => {
  const zero = workload(...SERVICE, "replicas: 0");
  assertEquals(zero.diagnostics, []);
  assertEquals(resourceOf(zero, "Workload")?.spec?.replicas, 0);
  assertEquals(brief(workload(...SERVICE, "replicas: -1").diagnostics), [
    "9:13 spec.replicas: must be at least 0",
  ]);
  const job = workload(
    "type: JOB",
    "source: {image: busybox}",
    "container: {}",
    "replicas: 2",
  );
  assertEquals(brief(job.diagnostics), [
    "9:13 spec.replicas: replicas applies only to SERVICE, not JOB",
  ]);
  const daemon = workload(
    "type: DAEMON_SERVICE",
    "source: {image: nginx}",
    "container: {}",
    "replicas: 2",
  );
  assertEquals(where(daemon.diagnostics), ["9:13 spec.replicas"]);
});

Deno.test("updateStrategy: not on JOB; maxSurge integer or percentage, Rolling only", () => {
  const job = workload(
    "type: JOB",
    "source: {image: busybox}",
    "container: {}",
    "updateStrategy: {type: Rolling}",
  );
  assertEquals(brief(job.diagnostics), [
    "9:19 spec.updateStrategy: updateStrategy does not apply to a JOB",
  ]);
  const pct = workload(...SERVICE, "updateStrategy: {maxSurge: 25%}");
  assertEquals(pct.diagnostics, []);
  assertEquals(resourceOf(pct, "Workload")?.spec?.updateStrategy, {
    type: "Rolling",
    maxSurge: "25%",
  });
  const two = workload(...SERVICE, "updateStrategy: {maxSurge: 2}");
  assertEquals(
    resourceOf(two, "Workload")?.spec?.updateStrategy?.maxSurge,
    "2",
  );
  assertEquals(
    where(workload(...SERVICE, "updateStrategy: {maxSurge: 0}").diagnostics),
    [
      "9:30 spec.updateStrategy.maxSurge",
    ],
  );
  assertEquals(
    where(workload(...SERVICE, "updateStrategy: {maxSurge: 101%}").diagnostics),
    [
      "9:30 spec.updateStrategy.maxSurge",
    ],
  );
  const sim = workload(
    ...SERVICE,
    "updateStrategy: {type: Simultaneous, maxSurge: 1}",
  );
  assertEquals(brief(sim.diagnostics), [
    "9:50 spec.updateStrategy.maxSurge: maxSurge applies only to the Rolling strategy",
  ]);
  const simDefault = workload(
    ...SERVICE,
    "updateStrategy: {type: Simultaneous}",
  );
  assertEquals(resourceOf(simDefault, "Workload")?.spec?.updateStrategy, {
    type: "Simultaneous",
  });
});

Deno.test("restartPolicy: MaxCount defaults; its fields only under MaxCount", () => {
  const max = workload(...SERVICE, "restartPolicy: {condition: MaxCount}");
  assertEquals(resourceOf(max, "Workload")?.spec?.restartPolicy, {
    condition: "MaxCount",
    maxRestarts: 5,
    resetSeconds: 3600,
  });
  const never = workload(
    ...SERVICE,
    "restartPolicy: {condition: Never, maxRestarts: 3}",
  );
  assertEquals(brief(never.diagnostics), [
    "9:50 spec.restartPolicy.maxRestarts: maxRestarts applies only to the MaxCount condition",
  ]);
  assertEquals(
    brief(
      workload(
        ...SERVICE,
        "restartPolicy: {condition: MaxCount, resetSeconds: 0}",
      ).diagnostics,
    ),
    ["9:54 spec.restartPolicy.resetSeconds: must be at least 1"],
  );
});

Deno.test("tolerations: Exists takes no value, Equal needs a key", () => {
  const r = workload(
    ...SERVICE,
    "tolerations:",
    "  - {operator: Exists, value: x}",
    "  - {value: y, effect: NoSchedule}",
    "  - {key: gpu, operator: Exists, effect: PreferNoSchedule}",
  );
  assertEquals(brief(r.diagnostics), [
    "10:33 spec.tolerations[0].value: a toleration with operator Exists takes no value",
    "11:7 spec.tolerations[1].key: required field is missing",
  ]);
  assertEquals(resourceOf(r, "Workload")?.spec?.tolerations?.[2], {
    key: "gpu",
    operator: "Exists",
    effect: "PreferNoSchedule",
  });
});

Deno.test("nodeSelector uses label syntax", () => {
  const r = workload(...SERVICE, "nodeSelector: {disk/type: ssd, zone: -a}");
  assertEquals(where(r.diagnostics), ["9:40 spec.nodeSelector[zone]"]);
});

Deno.test("container: name is a DNS label; env names valid and unique", () => {
  const r = workload(
    "type: SERVICE",
    "source: {image: nginx}",
    "container:",
    "  name: Web",
    "  env:",
    "    - {name: A, value: '1'}",
    "    - {name: 1B}",
    "    - {name: A, value: '2'}",
  );
  assertEquals(where(r.diagnostics), [
    "9:11 spec.container.name",
    "12:16 spec.container.env[1].name",
    "13:16 spec.container.env[2].name",
  ]);
  assertEquals(r.diagnostics[2].message, 'duplicate value "A"');
  assertEquals(
    r.diagnostics[2].hint,
    "first used at spec.container.env[0].name",
  );
});

Deno.test("command and args are lists of strings", () => {
  const r = workload(
    "type: SERVICE",
    "source: {image: nginx}",
    "container: {command: nginx, args: [-g, 1]}",
  );
  assertEquals(brief(r.diagnostics), [
    '8:24 spec.container.command: expected a list, got the string "nginx"',
    "8:42 spec.container.args[1]: expected a string, got the integer 1",
  ]);
  assertEquals(r.diagnostics[0].hint, "write a list: [nginx]");
});

Deno.test("volume mounts: known volume, absolute unique mountPath, safe subPath", () => {
  const r = workload(
    "type: SERVICE",
    "source: {image: nginx}",
    "container:",
    "  volumeMounts:",
    "    - {name: data, mountPath: /data}",
    "    - {name: dta, mountPath: /data/}",
    "    - {name: data, mountPath: data, subPath: ../x}",
    "volumes:",
    "  - {name: data, simpleClusterStorage: {}}",
  );
  assertEquals(
    brief(r.diagnostics).map((l) => l.split(":").slice(0, 2).join(":")),
    [
      "11:16 spec.container.volumeMounts[1].name",
      "11:32 spec.container.volumeMounts[1].mountPath",
      "12:33 spec.container.volumeMounts[2].mountPath",
      "12:48 spec.container.volumeMounts[2].subPath",
    ],
  );
  assertEquals(
    r.diagnostics[0].message,
    'no volume named "dta" in spec.volumes',
  );
  assertEquals(r.diagnostics[0].hint, 'did you mean "data"?');
});

Deno.test("resources: quantities, request above limit, gpu", () => {
  const r = workload(
    "type: SERVICE",
    "source: {image: nginx}",
    "container:",
    "  resources:",
    "    requests: {cpu: 2, memory: 256Mi}",
    "    limits: {cpu: 1500m, memory: 1Gi}",
    "    gpu: {driver: nvidia, minVramMb: 4096}",
  );
  assertEquals(brief(r.diagnostics), [
    "10:23 spec.container.resources.requests.cpu: cpu request 2 is above its limit 1500m",
  ]);
  assertEquals(
    resourceOf(r, "Workload")?.spec?.container?.resources?.requests,
    {
      cpu: "2",
      memory: "256Mi",
    },
  );
  const mem = workload(
    "type: SERVICE",
    "source: {image: nginx}",
    "container: {resources: {requests: {memory: 2G}, limits: {memory: 1Gi}}}",
  );
  assertEquals(where(mem.diagnostics), [
    "8:46 spec.container.resources.requests.memory",
  ]);
  const bad = workload(
    "type: SERVICE",
    "source: {image: nginx}",
    "container: {resources: {requests: {cpu: 0.5, memory: 0}, gpu: {driver: intel}}}",
  );
  assertEquals(where(bad.diagnostics), [
    "8:43 spec.container.resources.requests.cpu",
    "8:56 spec.container.resources.requests.memory",
    "8:74 spec.container.resources.gpu.driver",
  ]);
  assertEquals(bad.diagnostics[0].hint, 'quote it: "0.5"');
  const gpu = workload(
    ...SERVICE.slice(0, 2),
    "container: {resources: {gpu: {}}}",
  );
  assertEquals(resourceOf(gpu, "Workload")?.spec?.container?.resources?.gpu, {
    driver: "any",
  });
});

Deno.test("volumes: unique DNS-label names, exactly one source, absolute hostPath, unused warns", () => {
  const r = workload(
    "type: SERVICE",
    "source: {image: nginx}",
    "container: {volumeMounts: [{name: a, mountPath: /a}]}",
    "volumes:",
    "  - {name: a, hostMount: {hostPath: /srv/a}}",
    "  - {name: a, simpleClusterStorage: {}}",
    "  - {name: b}",
    "  - {name: c, hostMount: {hostPath: srv/c, ensureType: Dir}}",
  );
  assertEquals(brief(r.diagnostics).map((l) => l.replace(/: .*/, "")), [
    "11:14 spec.volumes[1].name",
    "12:7 spec.volumes[2].simpleClusterStorage",
    "W 12:14 spec.volumes[2].name",
    "W 13:14 spec.volumes[3].name",
    "13:39 spec.volumes[3].hostMount.hostPath",
    "13:58 spec.volumes[3].hostMount.ensureType",
  ]);
  assertEquals(resourceOf(r, "Workload")?.spec?.volumes?.[0].hostMount, {
    hostPath: "/srv/a",
    ensureType: "DirectoryOrCreate",
  });
  assertEquals(
    r.diagnostics[2].message,
    'volume "b" is not mounted by the container',
  );
});

Deno.test("an unused volume is only a warning: the workload stays valid", () => {
  const r = workload(
    ...SERVICE,
    "volumes: [{name: spare, simpleClusterStorage: {}}]",
  );
  assertEquals(r.valid, true);
  assertEquals(r.diagnostics.map((d) => d.severity), ["warning"]);
});
