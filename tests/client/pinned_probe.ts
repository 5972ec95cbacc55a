/**
 * A child process of tests/client/pinned_https_test.ts: run with `DENO_CERT`
 * naming another CA (what a public root is to the runtime), it asks a server
 * whose certificate that other CA signed, once with `fetch` given the pinned
 * CA and once with {@link pinnedRequest}, and prints what each got as JSON.
 *
 * ```sh
 * DENO_CERT=other-ca.crt deno run -A tests/client/pinned_probe.ts URL PINNED_CA_FILE
 * ```
 *
 * @module
 */
import {
  pinnedRequest,
  PinnedRequestError,
} from "../../src/client/pinned_https.ts";

const [url, caFile] = Deno.args;
const caPem = await Deno.readTextFile(caFile);
const client = Deno.createHttpClient({ caCerts: [caPem] });
let viaFetch: string;
try {
  const r = await fetch(url, { client, method: "POST", body: "secret" });
  viaFetch = `${r.status} ${await r.text()}`;
} catch (e) {
  viaFetch = `refused: ${(e as Error).message.split("\n")[0]}`;
}
client.close();
let pinned: string;
try {
  const r = await pinnedRequest(new URL(url), caPem, {
    method: "POST",
    path: new URL(url).pathname,
    headers: {},
    body: "secret",
  });
  pinned = `${r.status} ${r.body}`;
} catch (e) {
  pinned = e instanceof PinnedRequestError
    ? `${e.reason}: ${e.message}`
    : `error: ${(e as Error).message}`;
}
console.log(JSON.stringify({ viaFetch, pinned }));
