/**
 * A scanner for the plainest `.kat` texts: block mappings and sequences
 * indented by spaces, one-line scalars, one-line flow lists of scalars and
 * `{}`, comments, printable ASCII only. For such a text it gives exactly the
 * events `js-yaml`'s `parseEvents` gives, several times faster; for any other
 * text it gives up (undefined) and the caller asks `js-yaml`. It never
 * decides anything `js-yaml` would not: every construct it is unsure of is a
 * reason to give up, and tests/decode/plain_scan_test.ts compares both on
 * the test corpora and on mutations of them.
 *
 * What makes a text fall back: a tab, a carriage return, a character outside
 * printable ASCII, a directive or document marker, a root that is not a
 * block mapping, a key that is not a plain word (letters, digits, `.`, `_`,
 * `/`, `-`, starting with a letter, a digit or `_`), a scalar that spans
 * lines or is followed by a line (a comment, or the spaces that end the
 * text) indented more than its key or `-`, a quoted scalar with an escape, a
 * block scalar (`|`, `>`), a tag, an anchor, an alias, `?`, a flow
 * collection that nests or holds a mapping or a `-` alone, an item of a
 * list that is itself a list or starts on the next line, a node deeper than
 * 32 levels, and anything `js-yaml` would refuse.
 *
 * @module
 */
import type { Event } from "js-yaml";

// Character codes.
const NL = 10;
const SPACE = 32;
const QUOTE = 34; // "
const HASH = 35; // #
const APOSTROPHE = 39; // '
const COMMA = 44;
const DASH = 45; // -
const COLON = 58;
const BACKSLASH = 92;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;

/** A character other than a line feed or printable ASCII. */
const NOT_PRINTABLE_ASCII = /[^\n -~]/;
/** A character that ends a plain scalar inside a flow collection. */
const FLOW_INDICATOR = /[,[\]{}]/;
/** Deeper documents are left to `js-yaml` (its own limit is larger). */
const MAX_DEPTH = 32;
/** Longer keys are left to `js-yaml` (YAML limits implicit keys to 1024). */
const MAX_KEY = 1000;

/** Characters that may start a key: letters, digits, `_`. */
const KEY_START = new Uint8Array(128);
/** Characters that may follow in a key: also `.`, `/`, `-`. */
const KEY_PART = new Uint8Array(128);
/**
 * Characters that may start a plain scalar here: printable ASCII but the
 * indicators (`-` only before a character that is not a space).
 */
const PLAIN_START = new Uint8Array(128);
for (let c = 33; c < 127; c++) {
  const ch = String.fromCharCode(c);
  const word = /[A-Za-z0-9_]/.test(ch);
  KEY_START[c] = word ? 1 : 0;
  KEY_PART[c] = word || ch === "." || ch === "/" || ch === "-" ? 1 : 0;
  PLAIN_START[c] = "-?:,[]{}#&*!|>'\"%@`\\".includes(ch) ? 0 : 1;
}

/** The event that opens every document this scanner reads. */
function documentEvent(): Event {
  return {
    type: 1,
    explicitStart: false,
    explicitEnd: false,
    directives: [],
  };
}

function collection(type: 2 | 3, start: number, style: 1 | 2): Event {
  return {
    type,
    start,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style,
  };
}

function scalar(
  valueStart: number,
  valueEnd: number,
  style: 1 | 2 | 3,
): Event {
  return {
    type: 4,
    valueStart,
    valueEnd,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style,
    chomping: 1,
    indent: -1,
    fast: valueStart >= 0,
  };
}

const POP: Event = { type: 6 };

/** Thrown inside the scanner to give up; never leaves this module. */
class GiveUp {}
const GIVE_UP = new GiveUp();

// The scan in progress: the text, where the scanner is, and the column of
// the content line it stands on (-1 at the end of the text).
let s = "";
let n = 0;
let pos = 0;
let column = -1;
let depth = 0;
let out: Event[] = [];
/**
 * Set by a plain scalar that ran to the end of its line: the indentation
 * from which the next line that is not blank would continue it.
 */
let continuedFrom = -1;

/**
 * The events `parseEvents` of `js-yaml` gives for `text`, when the text is
 * one this scanner reads (see the module's description); undefined
 * otherwise. The events are fresh objects but the shared `POP`s, which
 * nothing may change.
 *
 * @example
 * ```ts
 * import { scanPlainDocument } from "./plain_scan.ts";
 * console.log(scanPlainDocument("a: [1, x]\n")?.length); // 8
 * console.log(scanPlainDocument("a: &x 1\n")); // undefined
 * ```
 */
export function scanPlainDocument(text: string): Event[] | undefined {
  if (NOT_PRINTABLE_ASCII.test(text)) return undefined;
  s = text;
  n = text.length;
  pos = 0;
  depth = 0;
  continuedFrom = -1;
  out = [documentEvent()];
  try {
    nextContent();
    const firstKey = column === 0 ? keyEnd() : -1;
    if (firstKey < 0) return undefined;
    blockMapping(0, firstKey);
    if (!atEnd()) return undefined;
    out.push(POP);
    return out;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  } finally {
    s = "";
    out = [];
  }
}

/**
 * Moves to the first character of the next line that is neither blank nor
 * only a comment, from the start of a line; sets `column` to its
 * indentation, or -1 at the end of the text.
 */
function nextContent(): void {
  for (;;) {
    const lineStart = pos;
    while (pos < n && s.charCodeAt(pos) === SPACE) pos++;
    const c = pos < n ? s.charCodeAt(pos) : -1;
    if (c === NL) {
      pos++;
      continue;
    }
    if (continuedFrom >= 0) {
      // The first line that is not blank after a plain scalar (a comment,
      // or spaces ending the text, too): indented this far, it continues
      // the scalar for js-yaml.
      const continues = pos - lineStart >= continuedFrom;
      continuedFrom = -1;
      if (continues) throw GIVE_UP;
    }
    if (c === -1) {
      column = -1;
      return;
    }
    if (c === HASH) {
      skipLine();
      continue;
    }
    column = pos - lineStart;
    return;
  }
}

/** Whether the scan has reached the end of the text. */
function atEnd(): boolean {
  return column === -1;
}

/** Moves past the end of the current line. */
function skipLine(): void {
  const end = s.indexOf("\n", pos);
  pos = end < 0 ? n : end + 1;
}

/**
 * After a node's last character on its line: spaces, then a comment after
 * at least one space, then the end of the line; moves to the next content.
 */
function endOfLine(): void {
  const from = pos;
  while (pos < n && s.charCodeAt(pos) === SPACE) pos++;
  if (pos < n) {
    const c = s.charCodeAt(pos);
    if (c === HASH && pos > from) skipLine();
    else if (c === NL) pos++;
    else throw GIVE_UP;
  }
  nextContent();
}

/** Where the key at `pos` ends (at its `:`), or -1 if no key starts here. */
function keyEnd(): number {
  if (KEY_START[s.charCodeAt(pos)] !== 1) return -1;
  let i = pos + 1;
  while (i < n && KEY_PART[s.charCodeAt(i)] === 1) i++;
  if (i >= n || s.charCodeAt(i) !== COLON) return -1;
  const after = i + 1 < n ? s.charCodeAt(i + 1) : NL;
  if (after !== SPACE && after !== NL) return -1;
  if (i - pos > MAX_KEY) throw GIVE_UP;
  return i;
}

function enter(): void {
  if (++depth > MAX_DEPTH) throw GIVE_UP;
}

/**
 * A block mapping whose keys stand at `col`; `pos` is at its first key,
 * which ends at `end` (as {@link keyEnd} found it).
 */
function blockMapping(col: number, end = keyEnd()): void {
  enter();
  out.push(collection(3, pos, 1));
  for (;;) {
    if (end < 0) throw GIVE_UP;
    out.push(scalar(pos, end, 1));
    pos = end + 1;
    mappingValue(col);
    if (column === col) {
      end = keyEnd();
      continue;
    }
    if (column > col) throw GIVE_UP;
    break;
  }
  out.push(POP);
  depth--;
}

/** The value after a key at `col`, from just after its `:`. */
function mappingValue(col: number): void {
  while (pos < n && s.charCodeAt(pos) === SPACE) pos++;
  const c = pos < n ? s.charCodeAt(pos) : NL;
  if (c !== NL && c !== HASH) {
    inlineNode(col + 1);
    endOfLine();
    return;
  }
  skipLine();
  nextContent();
  if (column > col) {
    if (dashAhead()) blockSequence(column);
    else blockMapping(column);
  } else if (column === col && dashAhead()) {
    blockSequence(col);
  } else {
    out.push(scalar(-1, -1, 1));
  }
}

/** Whether `pos` is at a `-` that opens a block list item. */
function dashAhead(): boolean {
  if (s.charCodeAt(pos) !== DASH) return false;
  const next = pos + 1 < n ? s.charCodeAt(pos + 1) : NL;
  return next === SPACE || next === NL;
}

/** A block list whose `-`s stand at `col`; `pos` is at its first `-`. */
function blockSequence(col: number): void {
  enter();
  out.push(collection(2, pos, 1));
  for (;;) {
    pos++; // the "-"
    if (pos >= n || s.charCodeAt(pos) !== SPACE) throw GIVE_UP;
    const lineStart = pos - 1 - col;
    while (pos < n && s.charCodeAt(pos) === SPACE) pos++;
    const c = pos < n ? s.charCodeAt(pos) : NL;
    if (c === NL || c === HASH || dashAhead()) throw GIVE_UP;
    const key = keyEnd();
    if (key >= 0) blockMapping(pos - lineStart, key);
    else {
      inlineNode(col + 1);
      endOfLine();
    }
    if (column === col && dashAhead()) continue;
    if (column > col) throw GIVE_UP;
    break;
  }
  out.push(POP);
  depth--;
}

/**
 * A scalar or flow collection that starts at `pos` and ends on its line;
 * `indent` is the least indentation of a line that would continue a plain
 * scalar (one more than the column of the enclosing block collection).
 */
function inlineNode(indent: number): void {
  const c = s.charCodeAt(pos);
  if (c === QUOTE || c === APOSTROPHE) quoted(c);
  else if (c === OPEN_SQUARE) flowSequence();
  else if (c === OPEN_CURLY) {
    const start = pos++;
    while (pos < n && s.charCodeAt(pos) === SPACE) pos++;
    if (pos >= n || s.charCodeAt(pos) !== CLOSE_CURLY) throw GIVE_UP;
    pos++;
    out.push(collection(3, start, 2), POP);
  } else blockPlain(indent);
}

/** Whether a plain scalar may start at `pos`. */
function plainStarts(): boolean {
  const c = s.charCodeAt(pos);
  if (PLAIN_START[c] === 1) return true;
  if (c !== DASH || pos + 1 >= n) return false;
  const next = s.charCodeAt(pos + 1);
  return next !== SPACE && next !== NL;
}

/**
 * A plain scalar in block context, to the end of its line or a comment.
 * `js-yaml` reads on past the end of its line when the next line that is not
 * blank is indented at least `indent` (or the text ends with that many
 * spaces): a continuation, or a comment that still marks the scalar as
 * spanning lines (its `fast` is then false). Either is a reason to give up.
 */
function blockPlain(indent: number): void {
  if (!plainStarts()) throw GIVE_UP;
  const start = pos;
  let end = pos + 1;
  let i = pos + 1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === NL) break;
    if (c === SPACE) continue;
    if (c === HASH && s.charCodeAt(i - 1) === SPACE) break;
    if (c === COLON) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : NL;
      if (next === SPACE || next === NL) throw GIVE_UP;
    }
    end = i + 1;
  }
  if (i < n && s.charCodeAt(i) === NL) continuedFrom = indent;
  out.push(scalar(start, end, 1));
  pos = end;
}

/** A quoted scalar on one line, without escapes. */
function quoted(q: number): void {
  const start = pos + 1;
  let i = start;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === q) break;
    if (c === NL || c === BACKSLASH) throw GIVE_UP;
  }
  if (i >= n) throw GIVE_UP;
  // '' is an escaped quote inside single quotes.
  if (q === APOSTROPHE && i + 1 < n && s.charCodeAt(i + 1) === APOSTROPHE) {
    throw GIVE_UP;
  }
  out.push(scalar(start, i, q === QUOTE ? 3 : 2));
  pos = i + 1;
}

/** `[` scalars separated by commas `]`, on one line. */
function flowSequence(): void {
  enter();
  out.push(collection(2, pos, 2));
  pos++;
  skipSpaces();
  if (pos < n && s.charCodeAt(pos) === CLOSE_SQUARE) {
    pos++;
  } else {
    for (;;) {
      const c = pos < n ? s.charCodeAt(pos) : NL;
      if (c === QUOTE || c === APOSTROPHE) quoted(c);
      else flowPlain();
      skipSpaces();
      const d = pos < n ? s.charCodeAt(pos) : NL;
      pos++;
      if (d === CLOSE_SQUARE) break;
      if (d !== COMMA) throw GIVE_UP;
      skipSpaces();
      if (pos >= n || s.charCodeAt(pos) === CLOSE_SQUARE) throw GIVE_UP;
    }
  }
  out.push(POP);
  depth--;
}

function skipSpaces(): void {
  while (pos < n && s.charCodeAt(pos) === SPACE) pos++;
}

/**
 * A plain scalar inside `[ ]`: up to a `,` or `]`, with no `:` or `#`; not
 * a `-` before a `,` or `]` (`js-yaml` refuses `[-]`).
 */
function flowPlain(): void {
  if (pos >= n || !plainStarts()) throw GIVE_UP;
  if (s.charCodeAt(pos) === DASH && FLOW_INDICATOR.test(s[pos + 1])) {
    throw GIVE_UP;
  }
  const start = pos;
  let end = pos + 1;
  for (let i = pos + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === COMMA || c === CLOSE_SQUARE) break;
    if (c === SPACE) continue;
    if (
      c === NL || c === COLON || c === HASH || c === OPEN_SQUARE ||
      c === OPEN_CURLY || c === CLOSE_CURLY
    ) throw GIVE_UP;
    end = i + 1;
  }
  out.push(scalar(start, end, 1));
  pos = end;
}
