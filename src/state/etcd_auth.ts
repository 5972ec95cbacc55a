/**
 * etcd's access control for a KAT cluster. With client-certificate
 * authentication, etcd takes a client certificate's CN as its user, so a
 * node's identity is its name:
 *
 * - user `root` (role `root`): the administrator, who may do everything;
 * - role `leader`: read and write on every key under `/kat/`;
 * - role `node:<name>`, given to user `<name>`: read and write on the keys
 *   under `/kat/nodes/<name>/`, nothing else.
 *
 * Users get a random password nobody keeps (etcd 3.4 has no users without
 * one); certificate authentication does not use it. Each call needs the
 * `root` identity once auth is enabled.
 *
 * @module
 */
import type { Etcd3 } from "./etcd3.d.ts";
import { loadEtcdLibrary, toStateStoreError } from "./etcd_client.ts";
import { prefixEnd } from "./etcd_store.ts";
import { StateStoreError } from "./state_store.ts";
import { nodeNameProblem } from "../agent/node_name.ts";
import { quote } from "../diagnostics/quote.ts";

/**
 * The administrator's user (and etcd's built-in role of that name).
 *
 * @example
 * ```ts
 * import { ADMIN_USER } from "./etcd_auth.ts";
 * console.log(ADMIN_USER); // "root"
 * ```
 */
export const ADMIN_USER = "root";

/**
 * The role of the leader: read and write on every key under `/kat/`.
 *
 * @example
 * ```ts
 * import { LEADER_ROLE } from "./etcd_auth.ts";
 * console.log(LEADER_ROLE); // "leader"
 * ```
 */
export const LEADER_ROLE = "leader";

/**
 * The role of node `name`.
 *
 * @example
 * ```ts
 * import { nodeRole } from "./etcd_auth.ts";
 * console.log(nodeRole("node-1")); // "node:node-1"
 * ```
 */
export function nodeRole(name: string): string {
  return `node:${name}`;
}

/**
 * The keys node `name` may write: those starting with this prefix.
 *
 * @example
 * ```ts
 * import { nodePrefix } from "./etcd_auth.ts";
 * console.log(nodePrefix("node-1")); // "/kat/nodes/node-1/"
 * ```
 */
export function nodePrefix(name: string): string {
  return `/kat/nodes/${name}/`;
}

/**
 * Options of {@link grantNodeIdentity}.
 *
 * @example
 * ```ts
 * import type { GrantNodeOptions } from "./etcd_auth.ts";
 * const options: GrantNodeOptions = { leader: true };
 * ```
 */
export interface GrantNodeOptions {
  /** Also give the node the {@link LEADER_ROLE}. Default: false. */
  leader?: boolean;
  /**
   * Also give the node etcd's own `root` role: it may then add and remove
   * other identities, as a node that can lead the cluster must (it grants
   * joining nodes theirs). Default: false.
   */
  root?: boolean;
  /** Single keys the node may read (and not write). Default: none. */
  readKeys?: readonly string[];
}

/** A random password that nobody keeps. */
function unknownPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return bytes.toHex();
}

/** Runs `fn`; an error whose name is in `tolerated` is ignored. */
async function step(
  what: string,
  fn: () => Promise<unknown>,
  tolerated: readonly string[] = [],
): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Error && tolerated.includes(e.constructor?.name)) return;
    throw toStateStoreError(e, what, true);
  }
}

/** Grants readwrite on every key under `prefix` to `role`. */
async function grantPrefix(
  client: Etcd3,
  role: string,
  prefix: string,
): Promise<void> {
  const { Buffer } = await loadEtcdLibrary();
  const key = Buffer.from(prefix, "utf8");
  await step(
    `grant readwrite on ${prefix} to role ${role}`,
    () =>
      client.auth.roleGrantPermission({
        name: role,
        perm: {
          permType: "Readwrite",
          key,
          range_end: Buffer.from(prefixEnd(key)),
        },
      }),
  );
}

/** Lets `role` read the single key `key`. */
async function grantRead(
  client: Etcd3,
  role: string,
  key: string,
): Promise<void> {
  const { Buffer } = await loadEtcdLibrary();
  await step(
    `grant read on ${key} to role ${role}`,
    () =>
      client.auth.roleGrantPermission({
        name: role,
        perm: { permType: "Read", key: Buffer.from(key, "utf8") },
      }),
  );
}

/**
 * Sets up access control and enables it: user `root` with etcd's `root`
 * role, role `leader` with read and write on `/kat/`. Safe to run again
 * (as `root` once enabled).
 *
 * @example
 * ```ts
 * import { connectEtcd } from "./etcd_client.ts";
 * import { enableAuth } from "./etcd_auth.ts";
 * declare const tls: import("./etcd_client.ts").EtcdTlsOptions;
 * const client = await connectEtcd({ endpoints: ["https://127.0.0.1:2379"], tls });
 * try {
 *   await enableAuth(client);
 * } finally {
 *   client.close();
 * }
 * ```
 */
export async function enableAuth(client: Etcd3): Promise<void> {
  await step(
    `add user ${ADMIN_USER}`,
    () =>
      client.auth.userAdd({ name: ADMIN_USER, password: unknownPassword() }),
    ["EtcdUserExistsError"],
  );
  await step(
    `grant role root to user ${ADMIN_USER}`,
    () => client.auth.userGrantRole({ user: ADMIN_USER, role: "root" }),
  );
  await step(
    `add role ${LEADER_ROLE}`,
    () => client.auth.roleAdd({ name: LEADER_ROLE }),
    ["EtcdRoleExistsError"],
  );
  await grantPrefix(client, LEADER_ROLE, "/kat/");
  await step("enable auth", () => client.auth.authEnable());
}

/** `name` as a node name, or a StateStoreError saying why it is not one. */
function checkNodeName(name: string): void {
  const problem = name === ADMIN_USER
    ? `is the administrator's user`
    : nodeNameProblem(name);
  if (problem) {
    throw new StateStoreError(
      "failed",
      `node name ${quote(name)} cannot be an etcd identity: it ${problem}`,
    );
  }
}

/**
 * Gives node `name` (the CN of its certificate) its etcd identity: user
 * `name` with role `node:<name>`, which may read and write the keys under
 * `/kat/nodes/<name>/`; with `options.leader`, role `leader` too. Safe to run
 * again.
 *
 * @example
 * ```ts
 * import type { Etcd3 } from "./etcd3.d.ts";
 * import { grantNodeIdentity } from "./etcd_auth.ts";
 * declare const root: Etcd3;
 * await grantNodeIdentity(root, "node-1");
 * await grantNodeIdentity(root, "node-2", { leader: true });
 * ```
 */
export async function grantNodeIdentity(
  client: Etcd3,
  name: string,
  options: GrantNodeOptions = {},
): Promise<void> {
  checkNodeName(name);
  const role = nodeRole(name);
  await step(
    `add user ${name}`,
    () => client.auth.userAdd({ name, password: unknownPassword() }),
    ["EtcdUserExistsError"],
  );
  await step(
    `add role ${role}`,
    () => client.auth.roleAdd({ name: role }),
    ["EtcdRoleExistsError"],
  );
  await grantPrefix(client, role, nodePrefix(name));
  await step(
    `grant role ${role} to user ${name}`,
    () => client.auth.userGrantRole({ user: name, role }),
  );
  for (const key of options.readKeys ?? []) {
    await grantRead(client, role, key);
  }
  if (options.leader) {
    await step(
      `grant role ${LEADER_ROLE} to user ${name}`,
      () => client.auth.userGrantRole({ user: name, role: LEADER_ROLE }),
    );
  }
  if (options.root) {
    await step(
      `grant role root to user ${name}`,
      () => client.auth.userGrantRole({ user: name, role: "root" }),
    );
  }
}

/**
 * Takes node `name`'s etcd identity away: its user and its role are
 * deleted, so its certificate no longer gives access to any key. Safe to run
 * again.
 *
 * @example
 * ```ts
 * import type { Etcd3 } from "./etcd3.d.ts";
 * import { revokeNodeIdentity } from "./etcd_auth.ts";
 * declare const root: Etcd3;
 * await revokeNodeIdentity(root, "node-1");
 * ```
 */
export async function revokeNodeIdentity(
  client: Etcd3,
  name: string,
): Promise<void> {
  checkNodeName(name);
  await step(
    `delete user ${name}`,
    () => client.auth.userDelete({ name }),
    ["EtcdUserNotFoundError"],
  );
  await step(
    `delete role ${nodeRole(name)}`,
    () => client.auth.roleDelete({ role: nodeRole(name) }),
    ["EtcdRoleNotFoundError"],
  );
}
