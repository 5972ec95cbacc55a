/**
 * Finding the cluster CA a joining node may trust: the leader's TLS chain is
 * read without trusting it, and only a certificate in it whose public key has
 * the given hash is taken. Nothing is sent to the leader on that connection.
 *
 * @module
 */
import tls from "node:tls";
import { caCertHash } from "../pki/ca_cert_hash.ts";
import { JoinError } from "./join_error.ts";

/** DER bytes as a PEM certificate. */
function pem(der: Uint8Array): string {
  const b64 = der.toBase64();
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${
    lines.join("\n")
  }\n-----END CERTIFICATE-----\n`;
}

interface PeerCertificate {
  raw?: Uint8Array;
  issuerCertificate?: PeerCertificate;
}

/** The certificates the server sent, leaf first. */
function chainOf(socket: tls.TLSSocket): Uint8Array[] {
  const chain: Uint8Array[] = [];
  let cert = socket.getPeerCertificate(true) as unknown as PeerCertificate;
  const seen = new Set<PeerCertificate>();
  while (cert?.raw && !seen.has(cert) && chain.length < 10) {
    seen.add(cert);
    chain.push(new Uint8Array(cert.raw));
    cert = cert.issuerCertificate as PeerCertificate;
  }
  return chain;
}

/** `host` without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * The PEM of the certificate in `leaderUrl`'s TLS chain whose public key
 * hashes to `hash` (`sha256:HEX`); a {@link JoinError} `ca_mismatch` when
 * none does, `unreachable` when no TLS connection can be made within
 * `timeoutMs` (default 10 s).
 *
 * @example
 * ```ts
 * import { fetchPinnedCa } from "./pinned_ca.ts";
 * const ca = await fetchPinnedCa(new URL("https://10.0.0.1:9115"), "sha256:" + "0".repeat(64));
 * ```
 */
export async function fetchPinnedCa(
  leaderUrl: URL,
  hash: string,
  timeoutMs = 10_000,
): Promise<string> {
  const host = bareHost(leaderUrl);
  const port = Number(leaderUrl.port || 443);
  const isIp = /^[0-9.]+$/.test(host) || host.includes(":");
  const socket = tls.connect({
    host,
    port,
    rejectUnauthorized: false,
    ...(isIp ? {} : { servername: host }),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no TLS answer within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      socket.once("secureConnect", () => resolve());
      socket.once("error", reject);
    });
  } catch (e) {
    throw new JoinError(
      "unreachable",
      `cannot reach the leader at ${leaderUrl.origin}: ${(e as Error).message}`,
    );
  } finally {
    clearTimeout(timer);
  }
  let chain: Uint8Array[];
  try {
    chain = chainOf(socket);
  } finally {
    socket.destroy();
  }
  const seen: string[] = [];
  for (const der of chain) {
    const text = pem(der);
    let got: string;
    try {
      got = await caCertHash(text);
    } catch {
      continue;
    }
    if (got === hash) return text;
    seen.push(got);
  }
  throw new JoinError(
    "ca_mismatch",
    `the leader at ${leaderUrl.origin} presents no CA with hash ${hash} (its chain has ${
      seen.join(", ") || "no certificate"
    }); nothing was sent to it`,
  );
}
