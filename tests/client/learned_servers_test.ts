import { assertEquals } from "../assert.ts";
import {
  MAX_LEARNED_SERVERS,
  parseApiServers,
  serverOrigin,
} from "../../src/client/learned_servers.ts";

Deno.test("parseApiServers keeps https://HOST:PORT origins, each once, at most 16", () => {
  assertEquals(
    parseApiServers(
      " https://10.0.0.1:9115 ,https://[FD00::2]:9115,http://10.0.0.3:9115,https://10.0.0.4:9115/,https://10.0.0.5:9115/x,https://u:p@10.0.0.6:1,https://10.0.0.7:9115?q,,nonsense,https://10.0.0.1:9115,https://10.0.0.8:443",
    ),
    [
      "https://10.0.0.1:9115",
      "https://[fd00::2]:9115",
      "https://10.0.0.4:9115",
      "https://10.0.0.8",
    ],
  );
  assertEquals(parseApiServers(""), []);
  const many = Array.from({ length: 40 }, (_, i) => `https://h${i}:1`);
  assertEquals(MAX_LEARNED_SERVERS, 16);
  assertEquals(parseApiServers(many.join(",")), many.slice(0, 16));
});

Deno.test("serverOrigin: the origin of an https://HOST:PORT, else undefined", () => {
  assertEquals(
    ["https://A:1", "https://a:443", "http://a:1", "https://a:1/p", "x"].map(
      serverOrigin,
    ),
    ["https://a:1", "https://a", undefined, undefined, undefined],
  );
});
