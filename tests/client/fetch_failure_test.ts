import { assertEquals } from "../assert.ts";
import { describeFetchFailure } from "../../src/client/fetch_failure.ts";

/** A fetch failure as the runtime throws it: a TypeError with a cause. */
const failed = (cause: string) =>
  new TypeError("fetch failed", { cause: new Error(cause) });

Deno.test("a failed fetch is said in plain words, without the runtime's", () => {
  assertEquals(
    [
      failed(
        "error sending request for url (https://10.0.0.1:9115/v1alpha1/nodes): client error (Connect): tcp connect error: Connection refused (os error 111)",
      ),
      failed(
        "client error (Connect): dns error: failed to lookup address information: Name or service not known",
      ),
      failed("client error (Connect): invalid peer certificate: UnknownIssuer"),
      failed(
        "client error (Connect): invalid peer certificate: NotValidForName",
      ),
      failed("client error (Connect): invalid peer certificate: Expired"),
      new Deno.errors.NotCapable(
        'Requires net access to "10.0.0.1:9115", run again with the --allow-net flag',
      ),
      new DOMException("Signal timed out.", "TimeoutError"),
      failed("client error (SendRequest): something new (os error 5)"),
    ].map((e) => describeFetchFailure(e, 2_500)),
    [
      { code: "client.unreachable", words: "connection refused" },
      { code: "client.unreachable", words: "unknown host name" },
      {
        code: "client.tls",
        words:
          "its certificate is not signed by the cluster CA of the katconfig",
      },
      { code: "client.tls", words: "its certificate does not name this host" },
      {
        code: "client.tls",
        words: "its certificate has expired or is not valid yet",
      },
      {
        code: "client.unreachable",
        words: "no net permission (Deno's --allow-net)",
      },
      { code: "client.timeout", words: "no answer within 2.5s" },
      {
        code: "client.unreachable",
        words: "the request failed (something new)",
      },
    ],
  );
});
