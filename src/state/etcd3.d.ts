/**
 * The part of the `etcd3` client (1.1.x) that KAT uses, declared here instead
 * of taken from the package: its own declarations pull in `@types/node`,
 * which would replace Deno's Node types (`setTimeout` returning a `Timeout`,
 * other `node:assert` overloads, …) for every file of the project. Mirrors
 * `etcd3/lib/*.d.ts`; the etcd tests exercise every member declared here.
 *
 * @module
 */
import type { Buffer } from "node:buffer";

/** etcd's response header; numbers are decimal strings. */
export interface IResponseHeader {
  cluster_id: string;
  member_id: string;
  revision: string;
  raft_term: string;
}

/** A stored key and value, as etcd returns it. */
export interface IKeyValue {
  key: Buffer;
  create_revision: string;
  mod_revision: string;
  version: string;
  value: Buffer;
  lease: string;
}

/** `Range` request. */
export interface IRangeRequest {
  key?: Buffer;
  range_end?: Buffer;
  limit?: string | number;
  revision?: string | number;
  sort_order?: "None" | "Ascend" | "Descend";
  sort_target?: "Key" | "Version" | "Create" | "Mod" | "Value";
  keys_only?: boolean;
  max_create_revision?: string | number;
  /** Answered by the member reached, without a leader (maybe stale). */
  serializable?: boolean;
}

/** `Range` response. */
export interface IRangeResponse {
  header: IResponseHeader;
  kvs: IKeyValue[];
  more: boolean;
  count: string;
}

/** `Put` request. */
export interface IPutRequest {
  key?: Buffer;
  value?: Buffer;
  lease?: string | number;
  prev_kv?: boolean;
}

/** `Put` response. */
export interface IPutResponse {
  header: IResponseHeader;
  prev_kv: IKeyValue;
}

/** `DeleteRange` request. */
export interface IDeleteRangeRequest {
  key?: Buffer;
  range_end?: Buffer;
  prev_kv?: boolean;
}

/** `DeleteRange` response. */
export interface IDeleteRangeResponse {
  header: IResponseHeader;
  deleted: string;
  prev_kvs: IKeyValue[];
}

/** One operation of a transaction. */
export interface IRequestOp {
  request_range?: IRangeRequest;
  request_put?: IPutRequest;
  request_delete_range?: IDeleteRangeRequest;
}

/** One result of a transaction. */
export interface IResponseOp {
  response_range: IRangeResponse;
  response_put: IPutResponse;
  response_delete_range: IDeleteRangeResponse;
}

/** A condition of a transaction. */
export interface ICompare {
  result?: "Equal" | "Greater" | "Less" | "NotEqual";
  target?: "Version" | "Create" | "Mod" | "Value" | "Lease";
  key?: Buffer;
  version?: string | number;
  create_revision?: string | number;
  mod_revision?: string | number;
}

/** `Txn` request. */
export interface ITxnRequest {
  compare?: ICompare[];
  success?: IRequestOp[];
  failure?: IRequestOp[];
}

/** `Txn` response. */
export interface ITxnResponse {
  header: IResponseHeader;
  succeeded: boolean;
  responses: IResponseOp[];
}

/** `LeaseGrant` response. */
export interface ILeaseGrantResponse {
  header: IResponseHeader;
  ID: string;
  TTL: string;
  error: string;
}

/** `LeaseKeepAlive` response. */
export interface ILeaseKeepAliveResponse {
  header: IResponseHeader;
  ID: string;
  TTL: string;
}

/** gRPC call options (the deadline and interceptors are used). */
export interface CallOptions {
  deadline?: number | Date;
  interceptors?: GrpcInterceptor[];
}

/** The request metadata of a gRPC call (`@grpc/grpc-js`'s `Metadata`). */
export interface GrpcMetadata {
  set(key: string, value: string): void;
}

/** A gRPC call as an interceptor sees it (the part KAT changes). */
export interface GrpcInterceptingCall {
  start(metadata: GrpcMetadata, listener: unknown): void;
}

/** A `@grpc/grpc-js` client interceptor. */
export type GrpcInterceptor = (
  options: unknown,
  nextCall: (options: unknown) => GrpcInterceptingCall,
) => GrpcInterceptingCall;

/** A bidirectional gRPC stream. */
export interface IDuplexStream<T, R> {
  write(message: T): boolean;
  end(): void;
  cancel(): void;
  on(event: "data", handler: (res: R) => void): this;
  on(event: "error", handler: (err: Error) => void): this;
  on(event: "end", handler: () => void): this;
  removeAllListeners(): this;
}

/** The KV service. */
export interface KVClient {
  range(req: IRangeRequest, options?: CallOptions): Promise<IRangeResponse>;
  put(req: IPutRequest, options?: CallOptions): Promise<IPutResponse>;
  deleteRange(
    req: IDeleteRangeRequest,
    options?: CallOptions,
  ): Promise<IDeleteRangeResponse>;
  txn(req: ITxnRequest, options?: CallOptions): Promise<ITxnResponse>;
}

/** The Lease service. */
export interface LeaseClient {
  leaseGrant(
    req: { TTL?: string | number; ID?: string | number },
    options?: CallOptions,
  ): Promise<ILeaseGrantResponse>;
  leaseRevoke(
    req: { ID?: string | number },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader }>;
  leaseKeepAlive(
    options?: CallOptions,
  ): Promise<IDuplexStream<{ ID?: string | number }, ILeaseKeepAliveResponse>>;
}

/** One watch event. */
export interface IEvent {
  type: "Put" | "Delete";
  kv: IKeyValue;
  prev_kv?: IKeyValue;
}

/** A watch response. */
export interface IWatchResponse {
  header: IResponseHeader;
  watch_id: string;
  events: IEvent[];
}

/** A watch, as an event emitter. */
export interface Watcher {
  on(event: "data", handler: (res: IWatchResponse) => void): this;
  on(event: "error", handler: (err: Error) => void): this;
  on(event: "connected" | "disconnected", handler: () => void): this;
  removeAllListeners(): this;
  cancel(): Promise<void>;
}

/** Builds a watch. */
export interface WatchBuilder {
  key(key: string | Buffer): this;
  prefix(value: string | Buffer): this;
  only(...operations: ("put" | "delete")[]): this;
  withPreviousKV(): this;
  startRevision(revision: string): this;
  watcher(): Watcher;
  create(): Promise<Watcher>;
}

/** What a fault-handling policy is to etcd3 (a cockatiel policy). */
export interface IPolicy {
  execute<T>(
    fn: (context: { signal: AbortSignal }) => T | Promise<T>,
  ): Promise<T>;
}

/** A cockatiel backoff, as etcd3 uses it for watch reconnects. */
export interface IBackoff {
  next(): IBackoff | undefined;
  readonly duration: number;
}

/** Client options. */
export interface IOptions {
  hosts: string[] | string;
  defaultCallOptions?:
    | CallOptions
    | ((
      context: {
        service: string;
        method?: string;
        params?: unknown;
        isStream: boolean;
      },
    ) => CallOptions);
  grpcOptions?: Record<string, string | number>;
  credentials?: {
    rootCertificate: Buffer;
    privateKey?: Buffer;
    certChain?: Buffer;
  };
  faultHandling?: {
    host?: (hostname: string) => IPolicy;
    global?: IPolicy;
    watchBackoff?: IBackoff;
  };
}

/** A key range permission of a role. */
export interface IPermission {
  permType: "Read" | "Write" | "Readwrite";
  key: Buffer;
  /** The end of the range; empty for the single key `key`. */
  range_end?: Buffer;
}

/** The Auth service (the parts used to set up access control). */
export interface AuthClient {
  authEnable(options?: CallOptions): Promise<{ header: IResponseHeader }>;
  userAdd(
    req: { name?: string; password?: string },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader }>;
  userDelete(
    req: { name?: string },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader }>;
  userGrantRole(
    req: { user?: string; role?: string },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader }>;
  roleAdd(
    req: { name?: string },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader }>;
  roleDelete(
    req: { role?: string },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader }>;
  roleGrantPermission(
    req: { name?: string; perm?: IPermission },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader }>;
}

/** One member of the etcd cluster; ids are decimal strings. */
export interface IMember {
  ID: string;
  /** Empty until the member has started. */
  name: string;
  peerURLs: string[];
  /** Empty until the member has started. */
  clientURLs: string[];
  isLearner: boolean;
}

/** etcd's cluster (membership) service. */
export interface ClusterClient {
  memberAdd(
    req: { peerURLs?: string[]; isLearner?: boolean },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader; member: IMember; members: IMember[] }>;
  memberRemove(
    req: { ID?: string | number },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader; members: IMember[] }>;
  memberList(
    req: Record<string, never>,
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader; members: IMember[] }>;
  memberPromote(
    req: { ID?: string | number },
    options?: CallOptions,
  ): Promise<{ header: IResponseHeader; members: IMember[] }>;
}

/** etcd's maintenance service (the part KAT uses). */
export interface MaintenanceClient {
  status(
    options?: CallOptions,
  ): Promise<
    {
      header: IResponseHeader;
      version: string;
      leader: string;
      raftIndex: string;
      raftTerm: string;
      isLearner: boolean;
      errors: string[];
    }
  >;
}

/** The client. */
export class Etcd3 {
  constructor(options?: IOptions);
  readonly kv: KVClient;
  readonly auth: AuthClient;
  readonly leaseClient: LeaseClient;
  readonly cluster: ClusterClient;
  readonly maintenance: MaintenanceClient;
  watch(): WatchBuilder;
  close(): void;
}

/** Whether etcd3 would retry after `error` (a connection-level failure). */
export function isRecoverableError(error: Error): boolean;

/** gRPC status 14 (UNAVAILABLE): etcd3 throws it with gRPC's message. */
export class GRPCUnavailableError extends Error {}

/** gRPC status 4 (DEADLINE_EXCEEDED): the call's deadline passed. */
export class GRPCDeadlineExceededError extends Error {}
