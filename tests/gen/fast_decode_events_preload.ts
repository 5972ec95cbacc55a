/**
 * Loaded with `deno test --preload` before other test files: every event
 * decoder that parseManifest calls is checked against the tree and the
 * generic decoder (see fast_decode_events_agree.ts), so that every document
 * of those tests is also a case of the event path. A disagreement throws
 * inside parseManifest, which fails the test that read the document. At the
 * end, how often the event path was taken is printed.
 *
 * @module
 */
import { fastEventDecoders } from "../../src/gen/fast_decode_events.ts";
import type { Kind } from "../../src/gen/types.ts";
import {
  checkedEventDecode,
  type EventDecoder,
  FAST_EVENTS,
} from "./fast_decode_events_agree.ts";

let taken = 0;
let gaveUp = 0;
let disagreed = 0;
const table = fastEventDecoders as Partial<Record<Kind, EventDecoder>>;
for (const kind of Object.keys(FAST_EVENTS) as Kind[]) {
  table[kind] = (text, events) => {
    let out;
    try {
      out = checkedEventDecode(text, kind, events);
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
    `event decode: taken ${taken} times, gave up ${gaveUp} times, ${disagreed} disagreements`,
  );
});
