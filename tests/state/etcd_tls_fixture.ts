/**
 * etcd over TLS for tests: a CA and certificates made with the `openssl`
 * command, and an etcd that serves clients over TLS and wants a client
 * certificate signed by that CA. Everything is removed however the test ends.
 *
 * @module
 */
import { tempDir } from "../helpers.ts";
import { freePort, sleep } from "./etcd_fixture.ts";
import type { EtcdTlsOptions } from "../../src/state/etcd_client.ts";

async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", {
    args,
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `openssl ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
}

const KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** A CA (`<ca>.crt`, `<ca>.key`) in `dir`. */
async function makeCa(dir: string, ca: string): Promise<void> {
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
async function makeCert(
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
    for (let attempt = 1;; attempt++) {
      const etcd = new TlsEtcd(dir, freePort());
      try {
        await etcd.#run(freePort());
        return etcd;
      } catch (e) {
        await etcd.stop();
        if (attempt === 3) throw e;
        await Deno.remove(`${dir}/data`, { recursive: true }).catch(() => {});
      }
    }
  }

  async #run(peerPort: number): Promise<void> {
    const peer = `http://127.0.0.1:${peerPort}`;
    const d = this.dir;
    this.#process = new Deno.Command("etcd", {
      args: [
        "--name=test",
        `--data-dir=${d}/data`,
        `--listen-client-urls=${this.endpoint}`,
        `--advertise-client-urls=${this.endpoint}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=test=${peer}`,
        `--cert-file=${d}/server.crt`,
        `--key-file=${d}/server.key`,
        "--client-cert-auth",
        `--trusted-ca-file=${d}/ca.crt`,
        "--logger=zap",
        `--log-outputs=${d}/etcd.log`,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const exited = this.#process.status.then(() => true);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (await Promise.race([exited, sleep(100).then(() => false)])) {
        throw new Error("etcd exited at start");
      }
      if ((await this.etcdctl("root", "endpoint", "health")).code === 0) return;
    }
    throw new Error("etcd not healthy after 30 s");
  }

  /** Kills etcd and waits for it to exit. */
  async stop(): Promise<void> {
    const p = this.#process;
    if (!p) return;
    this.#process = undefined;
    try {
      p.kill("SIGKILL");
    } catch {
      // already exited
    }
    await p.status;
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
