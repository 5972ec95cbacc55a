/**
 * The `etcd3` package, typed by the declarations in `etcd3.d.ts` (see there
 * why not by its own). Import this module dynamically: it loads gRPC and
 * Deno's Node compatibility layer.
 *
 * @module
 */
// @ts-types="./etcd3.d.ts"
import * as etcd3 from "etcd3";

/**
 * The loaded `etcd3` module.
 *
 * @example
 * ```ts
 * const { etcd3 } = await import("./etcd3_module.ts");
 * const client = new etcd3.Etcd3({ hosts: "http://127.0.0.1:2379" });
 * client.close();
 * ```
 */
export { etcd3 };
