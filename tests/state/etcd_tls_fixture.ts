/**
 * etcd over TLS for tests: a CA and certificates made with the `openssl`
 * command, and an etcd that serves clients over TLS and wants a client
 * certificate signed by that CA. Everything is removed however the test ends.
 *
 * @module
 */
import { tempDir } from "../helpers.ts";
import { openssl as runOpenssl } from "../pki/openssl.ts";
import { killEtcd, onFreePorts, spawnEtcd } from "./etcd_fixture.ts";
import type { EtcdTlsOptions } from "../../src/state/etcd_client.ts";

/** Runs `openssl` with `args` in `dir`; throws with its stderr if it fails. */
async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await runOpenssl(args, dir);
  if (out.code !== 0) {
    throw new Error(`openssl ${args.join(" ")}: ${out.stderr}`);
  }
}

const KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** A CA (`<ca>.crt`, `<ca>.key`) in `dir`. */
export async function makeCa(dir: string, ca: string): Promise<void> {
  await openssl(
    dir,
    "req",
    "-x509",
    ...KEY,
    "-keyout",
    `${ca}.key`,
    "-out",
    `${ca}.crt`,
    "-days",
    "2",
    "-subj",
    `/CN=${ca}`,
  );
}

/** `<cn>.crt` and `<cn>.key` in `dir`, signed by CA `ca`, with `ext` lines. */
export async function makeCert(
  dir: string,
  cn: string,
  ca: string,
  ext: string,
  file = cn,
): Promise<void> {
  await openssl(
    dir,
    "req",
    ...KEY,
    "-keyout",
    `${file}.key`,
    "-out",
    `${file}.csr`,
    "-subj",
    `/CN=${cn}`,
  );
  await Deno.writeTextFile(`${dir}/${file}.ext`, ext);
  await openssl(
    dir,
    "x509",
    "-req",
    "-in",
    `${file}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${file}.crt`,
    "-days",
    "2",
    "-extfile",
    `${file}.ext`,
  );
}

const CLIENT = "extendedKeyUsage=clientAuth\n";

/**
 * The certificates of a test cluster in `dir`: CA `ca`; server certificate
 * `server` (IP:127.0.0.1, DNS:localhost); clients `root`, `node-1`,
 * `node-2`; and `stranger`, CN `node-1` but signed by another CA `other-ca`.
 */
export async function makePki(dir: string): Promise<void> {
  await makeCa(dir, "ca");
  await makeCa(dir, "other-ca");
  await makeCert(
    dir,
    "server",
    "ca",
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
  );
  for (const cn of ["root", "node-1", "node-2"]) {
    await makeCert(dir, cn, "ca", CLIENT);
  }
  await makeCert(dir, "node-1", "other-ca", CLIENT, "stranger");
}

/** One etcd serving clients over TLS, run by a test. */
export class TlsEtcd {
  /** `https://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Holds the certificates, `data/` and `etcd.log`. */
  readonly dir: string;
  #process: Deno.ChildProcess | undefined;

  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.endpoint = `https://127.0.0.1:${port}`;
  }

  /** TLS options of the client with certificate `<who>.crt`, CA `ca`. */
  tls(who: string, ca = "ca", serverName = "localhost"): EtcdTlsOptions {
    const read = (f: string) => Deno.readTextFileSync(`${this.dir}/${f}`);
    return {
      caCertificate: read(`${ca}.crt`),
      certificate: read(`${who}.crt`),
      privateKey: read(`${who}.key`),
      serverName,
    };
  }

  /** Runs etcdctl as `who`; its exit code, stdout and stderr's last line. */
  async etcdctl(
    who: string,
    ...args: string[]
  ): Promise<{ code: number; stdout: string; error: string }> {
    const out = await new Deno.Command("etcdctl", {
      args: [
        `--endpoints=${this.endpoint}`,
        `--cacert=${this.dir}/ca.crt`,
        `--cert=${this.dir}/${who}.crt`,
        `--key=${this.dir}/${who}.key`,
        "--command-timeout=3s",
        ...args,
      ],
      env: { ETCDCTL_API: "3" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr).trimEnd().split("\n");
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      error: stderr[stderr.length - 1],
    };
  }

  /** Starts etcd with its PKI in a new temporary directory. */
  static async start(): Promise<TlsEtcd> {
    const dir = await tempDir("etcd-tls");
    await makePki(dir);
    return await onFreePorts(dir, async (clientPort, peerPort) => {
      const etcd = new TlsEtcd(dir, clientPort);
      etcd.#process = await spawnEtcd({
        dir,
        endpoint: etcd.endpoint,
        peerPort,
        extraArgs: [
          `--cert-file=${dir}/server.crt`,
          `--key-file=${dir}/server.key`,
          "--client-cert-auth",
          `--trusted-ca-file=${dir}/ca.crt`,
        ],
        healthy: async () =>
          (await etcd.etcdctl("root", "endpoint", "health")).code === 0,
      });
      return etcd;
    });
  }

  /** Kills etcd and waits for it to exit. */
  async stop(): Promise<void> {
    const p = this.#process;
    this.#process = undefined;
    await killEtcd(p);
  }
}

/** Runs `fn` with a fresh TLS etcd, stopped however `fn` ends. */
export async function withTlsEtcd(
  fn: (etcd: TlsEtcd) => Promise<void>,
): Promise<void> {
  const etcd = await TlsEtcd.start();
  try {
    await fn(etcd);
  } finally {
    await etcd.stop();
  }
}
