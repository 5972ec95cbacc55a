/**
 * Messages that use nearly every field, for the wire tests.
 *
 * @module
 */
import type {
  ClusterConfiguration,
  Node,
  VirtualLoadBalancer,
  Workload,
} from "../../src/gen/types.ts";

/** A Workload with oneofs, maps, lists, enums and explicit zero values. */
export const WORKLOAD: Workload = {
  apiVersion: "kat.dws.rip/v1alpha1",
  kind: "Workload",
  metadata: {
    name: "web",
    namespace: "shop",
    labels: { tier: "frontend", "kat.dws.rip/arch": "amd64" },
    annotations: { note: "free text: ünïcode ✓" },
  },
  spec: {
    type: "SERVICE",
    source: {
      git: { repository: "git@github.com:example/api.git", commit: "a1b2c3d4" },
      cacheImage: "reg.example.com/cache",
    },
    replicas: 0,
    updateStrategy: { type: "Rolling", maxSurge: "25%" },
    restartPolicy: {
      condition: "MaxCount",
      maxRestarts: 5,
      resetSeconds: 3600,
    },
    nodeSelector: { zone: "a" },
    tolerations: [
      {
        key: "dedicated",
        operator: "Equal",
        value: "web",
        effect: "NoSchedule",
      },
      { operator: "Exists" },
    ],
    container: {
      name: "nginx",
      command: ["nginx"],
      args: ["-g", "daemon off;"],
      env: [{ name: "A", value: "1" }, { name: "EMPTY" }],
      volumeMounts: [{
        name: "cache",
        mountPath: "/cache",
        subPath: "x",
        readOnly: true,
      }],
      resources: {
        requests: { cpu: "250m", memory: "128Mi" },
        limits: { cpu: "2", memory: "1Gi" },
        gpu: { driver: "nvidia", minVramMb: 0 },
      },
    },
    volumes: [
      { name: "cache", simpleClusterStorage: {} },
      {
        name: "host",
        hostMount: { hostPath: "/srv", ensureType: "Socket" },
      },
    ],
  },
};

/** A ClusterConfiguration with every field. */
export const CLUSTER: ClusterConfiguration = {
  apiVersion: "kat.dws.rip/v1alpha1",
  kind: "ClusterConfiguration",
  metadata: { name: "home" },
  spec: {
    clusterCIDR: "10.244.0.0/16",
    serviceCIDR: "fd00::/108",
    nodeSubnetBits: 7,
    clusterDomain: "kat.cluster.local",
    agentPort: 9116,
    apiPort: 9115,
    etcdPeerPort: 2380,
    etcdClientPort: 2379,
    volumeBasePath: "/var/lib/kat/volumes",
    backupPath: "/var/lib/kat/backups",
    backupIntervalMinutes: 30,
    agentTickSeconds: 15,
    nodeLossTimeoutSeconds: 60,
  },
};

/** A VirtualLoadBalancer with both ingress backends and optional zeros. */
export const VLB: VirtualLoadBalancer = {
  apiVersion: "kat.dws.rip/v1alpha1",
  kind: "VirtualLoadBalancer",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }, {
      name: "dns",
      containerPort: 53,
      protocol: "UDP",
    }],
    healthCheck: {
      exec: { command: ["true"] },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
    },
    ingress: [
      { host: "*.example.com", path: "/", servicePortName: "http", tls: false },
      { host: "a.example.com", path: "/api", servicePort: 8080, tls: true },
    ],
  },
};

/** A Node with Timestamps, int64 and the system-set metadata. */
export const NODE: Node = {
  apiVersion: "kat.dws.rip/v1alpha1",
  kind: "Node",
  metadata: {
    name: "n1",
    uid: "2f6c1a9e-0000-4000-8000-000000000001",
    generation: "9007199254740993",
    resourceVersion: "42",
    creationTimestamp: "2026-01-01T00:00:00.500Z",
    labels: { "kat.dws.rip/arch": "arm64" },
  },
  spec: {
    taints: [{
      key: "gpu",
      value: "true",
      effect: "PreferNoSchedule",
    }],
    overlaySubnet: "10.244.3.0/24",
  },
  status: {
    capacity: { cpu: "4", memory: "8Gi", custom: { "nvidia.com/gpu": "1" } },
    allocatable: { cpu: "3500m", memory: "7Gi" },
    conditions: [{
      type: "Ready",
      status: "True",
      reason: "AgentReporting",
      message: "ok",
      lastTransitionTime: "2026-01-01T00:00:00Z",
    }],
    lastHeartbeatTime: "2026-01-01T00:00:15.000001Z",
  },
};
