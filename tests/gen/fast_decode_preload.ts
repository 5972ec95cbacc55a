/**
 * Loaded with `deno test --preload` before other test files: every fast
 * decoder that parseManifest calls is checked against the generic decoder
 * (see fast_decode_agree.ts), so that every document of those tests is also
 * a case of the fast path. A disagreement throws inside parseManifest, which
 * fails the test that read the document. At the end, how often the fast path
 * was taken is printed.
 *
 * @module
 */
import { fastDecoders } from "../../src/gen/fast_decode.ts";
import type { Kind } from "../../src/gen/types.ts";
import {
  checkedFastDecode,
  FAST,
  type FastDecoder,
} from "./fast_decode_agree.ts";

let taken = 0;
let gaveUp = 0;
let disagreed = 0;
const table = fastDecoders as Partial<Record<Kind, FastDecoder>>;
for (const kind of Object.keys(FAST) as Kind[]) {
  table[kind] = (root) => {
    let out;
    try {
      out = checkedFastDecode(root, kind);
    } catch (e) {
      disagreed++;
      throw e;
    }
    if (out === undefined) gaveUp++;
    else taken++;
    return out;
  };
}
globalThis.addEventListener("unload", () => {
  console.log(
    `fast decode: taken ${taken} times, gave up ${gaveUp} times, ${disagreed} disagreements`,
  );
});
