/**
 * `POST /v1alpha1/join`: a node with a join token sends its CSR and gets its
 * certificate, the CA and where etcd is. Every check that can refuse is made
 * before anything is written: the token, the request, the CSR, the name.
 *
 * @module
 */
import { isIpAddress } from "../agent/init_options.ts";
import { nodeNameProblem } from "../agent/node_name.ts";
import { quote } from "../diagnostics/quote.ts";
import { toManifest } from "../encode/to_manifest.ts";
import { NODE_KEY_ANNOTATION } from "../nodes/registry.ts";
import { listNodes, registerNode } from "../nodes/registry.ts";
import { csrPublicKeySha256 } from "../pki/public_key_hash.ts";
import { signNodeCsr } from "../pki/sign_node_csr.ts";
import { canonicalAddress } from "../pki/names.ts";
import { ADMIN_USER } from "../state/etcd_auth.ts";
import {
  ETCD_MEMBER_NAME,
  type EtcdMember,
  MAX_ETCD_MEMBERS,
  memberOfNode,
} from "../state/etcd_members.ts";
import { consumeToken } from "../token/token_store.ts";
import type { ApiContext, ClusterMembership } from "./api_context.ts";
import { ApiError, jsonResponse } from "./api_error.ts";
import { bearerCredential } from "./bearer.ts";
import { oneAtATime } from "./join_queue.ts";
import { requireLeadership } from "./leader_gate.ts";
import { readJsonObject, stringField } from "./request_body.ts";

/**
 * Joins a node: checks the token (not using up a single-use one yet), the
 * node name and address, checks the CSR (its CN must be the node name, with
 * no CA rights and no names but the node name and its address), then, one
 * join or delete at a time: checks the token again, refuses a name
 * registered with another key and an address another node has, decides
 * whether the node runs an etcd member (while the cluster has fewer than
 * three, or when it is one already), registers the node with a subnet,
 * gives it its etcd identity (etcd's `root` role for a member), adds its
 * learner, and only then uses up a single-use token. A member gets a
 * certificate that serves and names what members share, and the CA's key;
 * any other node a client certificate only.
 *
 * @example
 * ```ts
 * import { joinHandler } from "./join_handler.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * declare const request: Request;
 * const response = await joinHandler(context, request);
 * ```
 */
export async function joinHandler(
  context: ApiContext,
  request: Request,
): Promise<Response> {
  const token = bearerCredential(request);
  const fence = await requireLeadership(context);
  await consumeToken(context.store, token, { checkOnly: true });
  const body = await readJsonObject(request);
  const nodeName = stringField(body, "nodeName");
  const csr = stringField(body, "csr");
  const address = stringField(body, "advertiseAddress");
  const problem = nodeName === ADMIN_USER
    ? "is the name of etcd's administrator"
    : nodeNameProblem(nodeName);
  if (problem) {
    throw new ApiError(
      400,
      "request.invalid",
      `the node name ${quote(nodeName)} ${problem}`,
    );
  }
  if (!isIpAddress(address)) {
    throw new ApiError(
      400,
      "request.invalid",
      `the advertise address ${quote(address)} is not an IP address`,
    );
  }
  if (["0.0.0.0", "::"].includes(canonicalAddress(address))) {
    throw new ApiError(
      400,
      "request.invalid",
      `the advertise address ${
        quote(address)
      } is every address, not one other nodes can reach`,
    );
  }
  // A node that serves nothing gets a client certificate only: it cannot
  // pass for a server of the cluster, whatever address it names. A member
  // serves etcd and the API, and shares the members' name.
  const sign = (member: boolean) =>
    signNodeCsr({
      caCertPem: context.ca.certPem,
      caKeyPem: context.ca.keyPem,
      csrPem: csr,
      nodeName,
      allowedAddresses: [address],
      allowedDnsNames: [nodeName],
      serverAuth: member,
      addDnsNames: member ? [ETCD_MEMBER_NAME] : [],
    });
  // The CSR is checked (and a client's certificate made) before anything
  // else: a member's is made again below, once the node is known to be one.
  const clientCertificate = await sign(false);
  const keyHash = await csrPublicKeySha256(csr);
  const registered = await oneAtATime(context, async () => {
    // Checked again in turn: a join or a delete before this one may have
    // changed what the first checks saw.
    const current = await consumeToken(context.store, token, {
      checkOnly: true,
    });
    const nodes = await listNodes(context.store);
    const existing = nodes.find((n) => n.metadata?.name === nodeName);
    const existingKey = existing?.metadata?.annotations?.[NODE_KEY_ANNOTATION];
    if (existing && existingKey !== keyHash) {
      throw new ApiError(
        409,
        "node.name_taken",
        `the node name ${
          quote(nodeName)
        } belongs to another registered node (another key); choose another name, or delete that node first (katcall delete node ${nodeName})`,
      );
    }
    const sameAddress = nodes.find((n) =>
      n.metadata?.name !== nodeName && n.spec?.advertiseAddress === address
    );
    if (sameAddress) {
      throw new ApiError(
        409,
        "node.address_taken",
        `the advertise address ${address} is node ${sameAddress.metadata?.name}'s; each node has an address of its own`,
      );
    }
    const seat = await etcdSeat(context, nodeName, address);
    const certificate = seat ? await sign(true) : clientCertificate;
    const registered = await registerNode(context.store, {
      name: nodeName,
      advertiseAddress: address,
      publicKeySha256: keyHash,
      clusterCidr: context.network.clusterCidr,
      nodeSubnetBits: context.network.nodeSubnetBits,
      fence,
    });
    await context.grantIdentity(nodeName, { member: seat !== undefined });
    // A learner does not count towards etcd's quorum, but it takes the
    // cluster's one learner seat until the node promotes it.
    const member = seat ? await takeSeat(seat, nodeName) : undefined;
    // Used up only by a join that happened: a refused one leaves it.
    if (current.singleUse) {
      await consumeToken(context.store, token, { fence });
    }
    return { ...registered, certificate, member };
  });
  context.log("info", "node.joined", `node ${nodeName} joined`, {
    node: nodeName,
    address,
    subnet: registered.node.spec?.overlaySubnet,
    outcome: registered.outcome,
  });
  const member = registered.member;
  if (member) {
    context.log(
      "info",
      "etcd.member-added",
      member.added
        ? `added node ${nodeName} as an etcd learner (${member.id})`
        : `node ${nodeName} is an etcd member already (${member.id})`,
      {
        node: nodeName,
        member: member.id,
        peerUrl: member.peerUrl,
      },
    );
  }
  return jsonResponse(200, {
    certificate: registered.certificate,
    caCertificate: context.ca.certPem,
    etcd: member
      ? { ...context.etcd, endpoints: member.endpoints }
      : context.etcd,
    ...(member
      ? {
        member: {
          id: member.id,
          peerUrl: member.peerUrl,
          clientUrl: member.clientUrl,
          initialCluster: member.initialCluster,
          caKey: context.ca.keyPem,
        },
      }
      : {}),
    node: toManifest(registered.node),
  });
}

/** Where a node joining as an etcd member will be. */
interface Seat {
  membership: ClusterMembership;
  peerUrl: string;
  clientUrl: string;
  /** Its member already, when it was added before (an answer lost). */
  existing?: EtcdMember;
}

/**
 * Whether node `name` becomes (or is) an etcd member: while the cluster has
 * fewer than {@link MAX_ETCD_MEMBERS}, or when it is one already.
 */
async function etcdSeat(
  context: ApiContext,
  name: string,
  address: string,
): Promise<Seat | undefined> {
  const membership = context.membership;
  if (!membership) return undefined;
  const peerUrl = membership.peerUrl(address);
  const members = await membership.list();
  const existing = memberOfNode(members, name, peerUrl);
  const clientUrl = membership.clientUrl(address);
  if (existing) return { membership, peerUrl, clientUrl, existing };
  if (members.some((m) => m.peerUrls.includes(peerUrl))) {
    throw new ApiError(
      409,
      "node.address_taken",
      `the etcd peer URL ${peerUrl} is another member's`,
    );
  }
  return members.length < MAX_ETCD_MEMBERS
    ? { membership, peerUrl, clientUrl }
    : undefined;
}

/** Adds the learner of `seat` (unless there), and how it starts. */
async function takeSeat(
  seat: Seat,
  name: string,
): Promise<{
  id: string;
  added: boolean;
  peerUrl: string;
  clientUrl: string;
  initialCluster: string;
  endpoints: string[];
}> {
  let id = seat.existing?.id;
  let members: EtcdMember[];
  if (id === undefined) {
    ({ member: { id }, members } = await seat.membership.addLearner(
      seat.peerUrl,
    ));
  } else {
    members = await seat.membership.list();
  }
  const initialCluster = members.flatMap((m) =>
    m.peerUrls.map((u) => `${m.id === id ? name : m.name}=${u}`)
  ).join(",");
  const endpoints = members.filter((m) => m.id !== id).flatMap((m) =>
    m.clientUrls
  );
  return {
    id: id!,
    added: seat.existing === undefined,
    peerUrl: seat.peerUrl,
    clientUrl: seat.clientUrl,
    initialCluster,
    endpoints,
  };
}
