/**
 * The one error type of the node registry.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";

/**
 * Why the registry refused; stable, unlike the message. As an error's `code`
 * it reads `node.<reason>`.
 *
 * - `invalid_name`: the name is no node name (a DNS label, not a number);
 * - `name_taken`: a node of that name exists with another key;
 * - `subnets_exhausted`: every subnet of the clusterCIDR is allocated;
 * - `not_leader`: the fence (the leader's election key) no longer holds;
 * - `corrupt`: a stored record does not decode as a Node;
 * - `invalid_cidr`: a clusterCIDR and nodeSubnetBits that give no subnets.
 *
 * @example
 * ```ts
 * import type { NodeRegistryErrorCode } from "./node_error.ts";
 * const code: NodeRegistryErrorCode = "name_taken";
 * ```
 */
export type NodeRegistryErrorCode =
  | "invalid_name"
  | "name_taken"
  | "subnets_exhausted"
  | "not_leader"
  | "corrupt"
  | "invalid_cidr";

/**
 * A refusal of the node registry. `code` is `node.<reason>`; the message is
 * one line.
 *
 * @example
 * ```ts
 * import { KatError } from "../errors/kat_error.ts";
 * import { NodeRegistryError } from "./node_error.ts";
 * const e = new NodeRegistryError("name_taken", 'node "node-2" is registered with another key');
 * console.log(e instanceof KatError, e.code, e.reason); // true "node.name_taken" "name_taken"
 * ```
 */
export class NodeRegistryError
  extends ReasonError<"node", NodeRegistryErrorCode> {
  /** Always `NodeRegistryError`. */
  override name = "NodeRegistryError";

  /**
   * Creates a registry error.
   *
   * @param reason Why the registry refused.
   * @param message One line for the user.
   */
  constructor(reason: NodeRegistryErrorCode, message: string) {
    super("node", reason, message);
  }
}
