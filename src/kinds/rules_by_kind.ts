/**
 * Which rules belong to which kind. Namespace has no rules beyond those
 * written in the proto.
 *
 * @module
 */
import type { Kind, ResourceTypes } from "../gen/types.ts";
import { buildDefinitionRules } from "./build_definition.ts";
import { clusterConfigurationRules } from "./cluster_configuration.ts";
import { jobDefinitionRules } from "./job_definition.ts";
import type { KindRules } from "./kind_rules.ts";
import { virtualLoadBalancerRules } from "./virtual_load_balancer.ts";
import { workloadRules } from "./workload.ts";

/** The rules of every kind that has rules beyond the proto's own. */
export const kindRules: { readonly [K in Kind]?: KindRules<ResourceTypes[K]> } =
  {
    Workload: workloadRules,
    VirtualLoadBalancer: virtualLoadBalancerRules,
    JobDefinition: jobDefinitionRules,
    BuildDefinition: buildDefinitionRules,
    ClusterConfiguration: clusterConfigurationRules,
  };
