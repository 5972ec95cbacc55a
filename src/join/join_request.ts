/**
 * The joining node's request to the leader, over TLS that trusts only the
 * pinned CA: the token as bearer credential, the node's name, address and
 * CSR; the answer checked before anything is kept.
 *
 * @module
 */
import { caCertHash } from "../pki/ca_cert_hash.ts";
import { parseCertificate } from "../pki/certificate.ts";
import {
  certPublicKeySha256,
  csrPublicKeySha256,
} from "../pki/public_key_hash.ts";
import { JoinError } from "./join_error.ts";
import { serverOrigin } from "../client/learned_servers.ts";
import {
  type PinnedAnswer,
  pinnedRequest,
  PinnedRequestError,
} from "../client/pinned_https.ts";

/**
 * What a join request says.
 *
 * @example
 * ```ts
 * import type { JoinRequest } from "./join_request.ts";
 * const r: JoinRequest = { nodeName: "node-2", advertiseAddress: "10.0.0.2", csr: "…" };
 * ```
 */
export interface JoinRequest {
  /** The name the node joins as. */
  nodeName: string;
  /** Its advertise address. */
  advertiseAddress: string;
  /** Its CSR, PEM. */
  csr: string;
}

/**
 * What the leader answers to a join.
 *
 * @example
 * ```ts
 * import type { JoinAnswer } from "./join_request.ts";
 * declare const answer: JoinAnswer;
 * console.log(answer.etcd.endpoints[0]);
 * ```
 */
export interface JoinAnswer {
  /** The node's certificate, PEM. */
  certificate: string;
  /** The cluster CA's certificate, PEM (the pinned one). */
  caCertificate: string;
  /** Where etcd is, and the name in its certificate. */
  etcd: { endpoints: string[]; serverName?: string };
  /** The node as registered, in the manifest vocabulary. */
  node: Record<string, unknown>;
  /**
   * When the node is to run an etcd member: the learner added for it, how
   * its etcd starts, and the cluster CA's key (members can lead).
   */
  member?: JoinMember;
}

/**
 * The etcd member a joining node is to run.
 *
 * @example
 * ```ts
 * import type { JoinMember } from "./join_request.ts";
 * const m: JoinMember = {
 *   id: "1", peerUrl: "https://10.0.0.2:2380", clientUrl: "https://10.0.0.2:2379",
 *   initialCluster: "node-1=https://10.0.0.1:2380,node-2=https://10.0.0.2:2380",
 *   caKey: "-----BEGIN PRIVATE KEY-----…",
 * };
 * ```
 */
export interface JoinMember {
  /** Its etcd member id (decimal). */
  id: string;
  /** Where its peers reach it. */
  peerUrl: string;
  /** Where its clients reach it. */
  clientUrl: string;
  /** etcd's `--initial-cluster` for it. */
  initialCluster: string;
  /** The cluster CA's private key, PEM. */
  caKey: string;
}

function badAnswer(leader: URL, what: string): JoinError {
  return new JoinError(
    "bad_answer",
    `the leader at ${leader.origin} answered the join with ${what}`,
  );
}

/** Checks the shape and the certificates of a join answer. */
async function checkAnswer(
  leader: URL,
  value: unknown,
  caPem: string,
  nodeName: string,
  csrPem: string,
): Promise<JoinAnswer> {
  const a = value as Partial<JoinAnswer> | null;
  const endpoints = a?.etcd?.endpoints;
  if (
    typeof a?.certificate !== "string" || typeof a.caCertificate !== "string" ||
    !Array.isArray(endpoints) || endpoints.length === 0 ||
    !endpoints.every((e) => typeof e === "string") ||
    (a.etcd?.serverName !== undefined &&
      typeof a.etcd.serverName !== "string") ||
    typeof a.node !== "object" || a.node === null ||
    (a.member !== undefined &&
      !(typeof a.member === "object" && a.member !== null &&
        typeof a.member.id === "string" && /^\d+$/.test(a.member.id) &&
        typeof a.member.peerUrl === "string" &&
        typeof a.member.clientUrl === "string" &&
        typeof a.member.initialCluster === "string" &&
        typeof a.member.caKey === "string"))
  ) {
    throw badAnswer(leader, "an object that is not a join answer");
  }
  if ((await caCertHash(a.caCertificate)) !== (await caCertHash(caPem))) {
    throw badAnswer(leader, "another CA than the one it presents");
  }
  const cert = parseCertificate(a.certificate, "node certificate");
  if (cert.subject !== `CN=${nodeName}`) {
    throw badAnswer(leader, `a certificate for ${cert.subject}`);
  }
  const ca = parseCertificate(caPem, "CA certificate");
  if (!(await cert.verify({ publicKey: ca, signatureOnly: true }))) {
    throw badAnswer(leader, "a certificate the cluster CA did not sign");
  }
  if (
    (await certPublicKeySha256(a.certificate)) !==
      (await csrPublicKeySha256(csrPem))
  ) {
    throw badAnswer(leader, "a certificate for another key than this node's");
  }
  return a as JoinAnswer;
}

/**
 * Sends `request` with `token` to `leaderUrl`'s join endpoint, trusting only
 * `caPem`; the answer, checked (the certificate is for the node, for its
 * key, and signed by that CA). A {@link JoinError}: `refused` with the
 * leader's message, `ca_mismatch` when the leader's certificate is not that
 * CA's (checked before anything is sent; the runtime's public roots count
 * for nothing), `unreachable`, `bad_answer`.
 *
 * @example
 * ```ts
 * import { requestJoin } from "./join_request.ts";
 * declare const caPem: string, csr: string;
 * const answer = await requestJoin(new URL("https://10.0.0.1:9115"), caPem,
 *   "abcdef.0123456789abcdef", { nodeName: "node-2", advertiseAddress: "10.0.0.2", csr });
 * ```
 */
export async function requestJoin(
  leaderUrl: URL,
  caPem: string,
  token: string,
  request: JoinRequest,
  timeoutMs = 30_000,
): Promise<JoinAnswer> {
  let answer: PinnedAnswer;
  try {
    answer = await pinnedRequest(leaderUrl, caPem, {
      method: "POST",
      path: "/v1alpha1/join",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(request),
      timeoutMs,
    });
  } catch (e) {
    if (!(e instanceof PinnedRequestError)) throw e;
    if (e.reason === "untrusted") {
      throw new JoinError(
        "ca_mismatch",
        `the leader at ${leaderUrl.origin} presents a certificate the pinned CA did not sign (${
          e.message.split("\n")[0]
        }); the token was not sent`,
      );
    }
    throw new JoinError(
      "unreachable",
      `cannot reach the leader at ${leaderUrl.origin}: ${
        e.message.split("\n")[0]
      }`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    throw badAnswer(leaderUrl, `HTTP ${answer.status} and no JSON`);
  }
  if (answer.status < 200 || answer.status > 299) {
    const error = (body as {
      error?: { code?: unknown; message?: unknown; leaderUrl?: unknown };
    })?.error;
    const message = typeof error?.message === "string"
      ? error.message
      : `HTTP ${answer.status}`;
    throw new JoinError(
      "refused",
      `the leader refused the join: ${message}`,
      {
        leaderCode: typeof error?.code === "string" ? error.code : undefined,
        leaderUrl: typeof error?.leaderUrl === "string"
          ? error.leaderUrl
          : undefined,
      },
    );
  }
  return await checkAnswer(
    leaderUrl,
    body,
    caPem,
    request.nodeName,
    request.csr,
  );
}

/**
 * What {@link requestJoinThroughMember} resolves to.
 *
 * @example
 * ```ts
 * import type { AcceptedJoin } from "./join_request.ts";
 * declare const accepted: AcceptedJoin;
 * console.log(accepted.acceptedBy.origin);
 * ```
 */
export interface AcceptedJoin {
  /** The checked answer. */
  answer: JoinAnswer;
  /** The URL of the API that accepted the join. */
  acceptedBy: URL;
}

/**
 * {@link requestJoin} through `url`, any node that serves the API: when it
 * answers 503 `leader.not_leader` with a `leaderUrl` (an `https://HOST:PORT`
 * other than `url`), the request is sent once more, to that URL, trusting
 * the same `caPem` (the CA pinned at `url`), so that the token goes only to
 * a server whose certificate that CA signed. Resolves to the answer and the
 * URL that accepted; a {@link JoinError} as {@link requestJoin} says, from
 * the second request when there was one.
 *
 * @example
 * ```ts
 * import { requestJoinThroughMember } from "./join_request.ts";
 * declare const caPem: string, csr: string;
 * const { acceptedBy } = await requestJoinThroughMember(
 *   new URL("https://10.0.0.2:9115"), caPem, "abcdef.0123456789abcdef",
 *   { nodeName: "node-4", advertiseAddress: "10.0.0.4", csr },
 * );
 * console.log(acceptedBy.origin); // the leader's, when 10.0.0.2 did not lead
 * ```
 */
export async function requestJoinThroughMember(
  url: URL,
  caPem: string,
  token: string,
  request: JoinRequest,
  timeoutMs = 30_000,
): Promise<AcceptedJoin> {
  try {
    const answer = await requestJoin(url, caPem, token, request, timeoutMs);
    return { answer, acceptedBy: url };
  } catch (e) {
    if (
      !(e instanceof JoinError) ||
      e.details.leaderCode !== "leader.not_leader" ||
      e.details.leaderUrl === undefined
    ) {
      throw e;
    }
    const leader = serverOrigin(e.details.leaderUrl);
    if (leader === undefined || leader === url.origin) throw e;
    const leaderUrl = new URL(leader);
    const answer = await requestJoin(
      leaderUrl,
      caPem,
      token,
      request,
      timeoutMs,
    );
    return { answer, acceptedBy: leaderUrl };
  }
}
