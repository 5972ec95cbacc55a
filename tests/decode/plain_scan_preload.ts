/**
 * Loaded with `deno test --preload` before other test files: every text
 * that `documentEvents` hands to the plain scanner, in every test that
 * runs after it, is also parsed by `js-yaml`, and the scanner's events
 * must be exactly `js-yaml`'s whenever it gives any. A disagreement throws
 * inside `documentEvents`, which fails the test that read the text. At the
 * end, how often the scanner read a text is printed.
 *
 * @module
 */
import { parseEvents } from "js-yaml";
import { plainScanner } from "../../src/decode/yaml_events.ts";
import { assertEquals } from "../assert.ts";

const scan = plainScanner.scan;
let read = 0;
let left = 0;
plainScanner.scan = (text) => {
  const events = scan(text);
  if (events === undefined) {
    left++;
    return events;
  }
  read++;
  let reference;
  try {
    reference = parseEvents(text, { maxDepth: 67 });
  } catch (e) {
    throw new Error(
      `the plain scanner read a text js-yaml refuses (${e}): ${
        JSON.stringify(text)
      }`,
    );
  }
  assertEquals(events, reference, `plain scanner on ${JSON.stringify(text)}`);
  return events;
};
globalThis.addEventListener("unload", () => {
  console.log(`plain scanner: read ${read} texts, left ${left} to js-yaml`);
});
