/**
 * Rules of ClusterConfiguration (`cluster.kat`): network ranges, ports,
 * paths and timings that only make sense together.
 *
 * @module
 */
import { FieldPath } from "../diagnostics/field_path.ts";
import type {
  ClusterConfiguration,
  ClusterConfigurationSpec,
} from "../gen/types.ts";
import {
  type Cidr,
  cidrsOverlap,
  formatCidr,
  parseCidr,
} from "../rules/cidr.ts";
import type { KindRules, RuleContext } from "./kind_rules.ts";
import { blame } from "./kind_rules.ts";

const SPEC = FieldPath.of<ClusterConfiguration>().child("spec");

/** Largest prefix a node subnet may have, by address family. */
const MAX_NODE_PREFIX = { 4: 30, 6: 126 } as const;

/** The ports, in the order the contract lists them. */
const PORTS = [
  "agentPort",
  "apiPort",
  "etcdPeerPort",
  "etcdClientPort",
] as const satisfies readonly (keyof ClusterConfigurationSpec)[];

function cidrOf(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const parsed = parseCidr(text);
  return parsed.ok ? parsed.value : undefined;
}

function validateNetwork(spec: ClusterConfigurationSpec, ctx: RuleContext) {
  const cluster = cidrOf(spec.clusterCIDR);
  const service = cidrOf(spec.serviceCIDR);
  if (cluster && service && cidrsOverlap(cluster, service)) {
    ctx.reporter.invalid(
      SPEC.child("serviceCIDR"),
      `${formatCidr(service)} overlaps clusterCIDR ${formatCidr(cluster)}`,
      "service and cluster ranges must be disjoint",
    );
  }
  if (cluster && spec.nodeSubnetBits !== undefined) {
    const max = MAX_NODE_PREFIX[cluster.family];
    const nodePrefix = cluster.prefix + spec.nodeSubnetBits;
    if (nodePrefix > max) {
      const path = blame(
        ctx.written,
        SPEC.child("clusterCIDR"),
        SPEC.child("nodeSubnetBits"),
      );
      ctx.reporter.invalid(
        path,
        `clusterCIDR prefix /${cluster.prefix} plus nodeSubnetBits ${spec.nodeSubnetBits} gives /${nodePrefix} node subnets; at most /${max} is allowed`,
        `use nodeSubnetBits of at most ${
          Math.max(0, max - cluster.prefix)
        }, or a larger clusterCIDR`,
      );
    }
  }
}

function validatePorts(spec: ClusterConfigurationSpec, ctx: RuleContext) {
  const used = new Map<number, FieldPath>();
  for (const key of PORTS) {
    const port = spec[key];
    if (port === undefined) continue;
    const path = SPEC.child(key);
    const other = used.get(port);
    if (other === undefined) {
      used.set(port, path);
      continue;
    }
    const culprit = blame(ctx.written, other, path);
    const partner = culprit === path ? other : path;
    ctx.reporter.invalid(
      culprit,
      `port ${port} is also used by ${
        partner.toString().slice("spec.".length)
      }`,
      "agentPort, apiPort, etcdPeerPort and etcdClientPort must be distinct",
    );
  }
}

function normalisePath(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, "") : p;
}

function validatePathsAndTimings(
  spec: ClusterConfigurationSpec,
  ctx: RuleContext,
) {
  if (
    spec.volumeBasePath !== undefined && spec.backupPath !== undefined &&
    normalisePath(spec.volumeBasePath) === normalisePath(spec.backupPath)
  ) {
    ctx.reporter.invalid(
      blame(
        ctx.written,
        SPEC.child("volumeBasePath"),
        SPEC.child("backupPath"),
      ),
      `backupPath and volumeBasePath are both ${spec.backupPath}`,
      "keep backups apart from volumes",
    );
  }
  const tick = spec.agentTickSeconds;
  const loss = spec.nodeLossTimeoutSeconds;
  if (tick !== undefined && loss !== undefined && loss <= tick) {
    ctx.reporter.invalid(
      blame(
        ctx.written,
        SPEC.child("agentTickSeconds"),
        SPEC.child("nodeLossTimeoutSeconds"),
      ),
      `nodeLossTimeoutSeconds (${loss}) must be greater than agentTickSeconds (${tick})`,
      "a node is only lost after it missed at least one tick",
    );
  }
}

/**
 * The rules of ClusterConfiguration.
 *
 * @example
 * ```ts
 * import { clusterConfigurationRules } from "./cluster_configuration.ts";
 * console.log(typeof clusterConfigurationRules.validate); // "function"
 * ```
 */
export const clusterConfigurationRules: KindRules<ClusterConfiguration> = {
  validate(config, ctx) {
    const spec = config.spec;
    if (!spec) return;
    validateNetwork(spec, ctx);
    validatePorts(spec, ctx);
    validatePathsAndTimings(spec, ctx);
  },
};
