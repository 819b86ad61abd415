/**
 * Nesting depth and approximate size of JSON, without recursion: a body nested deeper than the
 * stack is itself what must be refused, so nothing here may recurse over it.
 */

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether JSON text opens more than `max` nested objects or arrays. A scan of the bytes (strings
 * skipped), before any parse: a refused body is never built. Malformed text is left to the parser.
 */
export function jsonTextTooDeep(text: Buffer, max: number): boolean {
  // Fewer opening brackets than the limit cannot nest past it: counted with the native indexOf,
  // this spares the byte loop for nearly every body (a 1 MiB string field included).
  let opening = 0;
  for (const byte of [OPEN_OBJECT, OPEN_ARRAY])
    for (let i = text.indexOf(byte); i >= 0 && opening <= max; i = text.indexOf(byte, i + 1)) opening++;
  if (opening <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return false;
}

/**
 * The path to the first value nested more than `max` objects or arrays deep (`["match", "x",
 * "a"]`, its first few keys), or undefined when none is. `{}` is one level, `{"a": []}` two.
 */
export function tooDeepAt(value: unknown, max: number): Array<string | number> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  // Depth-first, with the path kept as parent links (no array copied per node).
  interface Node {
    value: object;
    depth: number;
    key: string | number | undefined;
    parent: Node | undefined;
  }
  const stack: Node[] = [{ value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.depth > max) return pathOf(node);
    const array = Array.isArray(node.value);
    for (const [key, child] of Object.entries(node.value))
      if (typeof child === "object" && child !== null)
        stack.push({ value: child, depth: node.depth + 1, key: array ? Number(key) : key, parent: node });
  }
  return undefined;
}

/** The path to `node`, its first six keys then `…` (a path thousands of keys long helps no one). */
function pathOf(node: { key: string | number | undefined; parent: unknown }): Array<string | number> {
  const keys: Array<string | number> = [];
  for (let n: typeof node | undefined = node; n?.key !== undefined; n = n.parent as typeof node | undefined)
    keys.push(n.key);
  keys.reverse();
  return keys.length > 6 ? [...keys.slice(0, 6), "…"] : keys;
}

/** The refusal text: `nested deeper than 64 levels (limits.jsonDepth)`. */
export const tooDeepText = (max: number) => `nested deeper than ${max} levels (limits.jsonDepth)`;

/**
 * About how many bytes `value` takes as JSON: string lengths, 8 per number, keys and punctuation.
 * An estimate made once (the journal's byte bound), not a serialisation; it stops counting past
 * `stopAt`. Iterative, so any depth is safe.
 */
export function approxJsonBytes(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= stopAt) {
    const v = stack.pop();
    switch (typeof v) {
      case "string":
        total += v.length + 2;
        break;
      case "number":
      case "boolean":
        total += 8;
        break;
      case "object":
        if (v === null) total += 4;
        else if (Array.isArray(v)) {
          total += 2 + v.length;
          for (const item of v) stack.push(item);
        } else {
          total += 2;
          for (const key in v) {
            total += key.length + 4;
            stack.push((v as Record<string, unknown>)[key]);
          }
        }
        break;
      default:
        total += 4;
    }
  }
  return total;
}
