/**
 * Reading a config file as hostile input: only a regular file, at most the size limit (a FIFO would
 * block the start for ever, `/dev/zero` would be read until memory runs out), parsed as YAML with
 * the core schema only (an unknown tag such as `!!js/function` is an error, not a plain string).
 * Problems name the path and line of the bad value with a fixed wording per kind: the parser's own
 * messages quote the file (an app secret on the offending line would reach stderr), so none is used.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { createRequire } from "node:module";
import type { Document, ErrorCode, LineCounter, ParsedNode } from "yaml";
import { at, ConfigError, type ConfigIssue, formatPath, type Locate } from "./config-error.js";

/** What each YAML problem is called in our messages (the parser's messages quote the source). */
const YAML_PROBLEMS: Record<ErrorCode, string> = {
  ALIAS_PROPS: "an alias cannot carry a tag or an anchor",
  BAD_ALIAS: "bad alias or anchor",
  BAD_COLLECTION_TYPE: "a tag used on the wrong kind of collection",
  BAD_DIRECTIVE: "bad directive",
  BAD_DQ_ESCAPE: "bad escape sequence in a double-quoted string",
  BAD_INDENT: "bad indentation",
  BAD_PROP_ORDER: "anchors and tags must come after the indicator",
  BAD_SCALAR_START: "a plain value cannot start with this character (quote it)",
  BLOCK_AS_IMPLICIT_KEY: "a mapping where a value was expected (quote a value that holds ': ')",
  BLOCK_IN_FLOW: "a block collection inside a flow collection",
  DUPLICATE_KEY: "duplicate key",
  IMPOSSIBLE: "not parsable",
  KEY_OVER_1024_CHARS: "an implicit key over 1024 characters",
  MISSING_CHAR: "a character is missing (a closing quote or bracket, ':' or ',')",
  MULTILINE_IMPLICIT_KEY: "an implicit key must be on one line",
  MULTIPLE_ANCHORS: "more than one anchor on a node",
  MULTIPLE_DOCS: "more than one document (one config per file)",
  MULTIPLE_TAGS: "more than one tag on a node",
  NON_STRING_KEY: "a key that is not a string",
  RESOURCE_EXHAUSTION: "too many aliases",
  TAB_AS_INDENT: "a tab used as indentation",
  TAG_RESOLVE_FAILED:
    "unknown tag: only the YAML core schema's tags are allowed (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)",
  UNEXPECTED_TOKEN: "unexpected character or token",
};

const CHUNK = 64 * 1024;

function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a file";
}

/**
 * The file's text: a regular file of at most `maxBytes` (never more than `maxBytes + 1` bytes read,
 * should it grow meanwhile). Opened non-blocking, so a FIFO without a writer does not block the open.
 */
export function readConfigText(file: string, maxBytes: number): string {
  const fail = (message: string) => new ConfigError(file, [{ path: "", message }]);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw fail(`cannot read: ${(err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fail(`not a regular file (${kindOf(st)}): give the path of a YAML or JSON file`);
    const over = () =>
      fail(`over ${maxBytes} bytes: not read (raise configMaxBytes, --config-max-bytes, if it is a config)`);
    if (st.size > maxBytes) throw over();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw over();
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw fail(`cannot read: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

type Yaml = typeof import("yaml");
// Loaded only when a config file is read: start-up without one does not pay for it.
const loadYaml = () => createRequire(import.meta.url)("yaml") as Yaml;

/**
 * Parses YAML (or JSON, a subset) into data, with where each value is in the file. `isKnownKey`
 * says which keys a path may name: a broken line may have turned a secret into a key.
 */
export function parseConfigText(
  text: string,
  source: string,
  isKnownKey: (key: string) => boolean,
): { data: unknown; locate: Locate } {
  const yaml = loadYaml();
  const lineCounter = new yaml.LineCounter();
  let doc: Document.Parsed;
  try {
    doc = yaml.parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      schema: "core",
      // The YAML 1.1 tags (!!binary, !!set, !!timestamp, ...) are unknown tags too.
      resolveKnownTags: false,
      merge: false,
      uniqueKeys: true,
      logLevel: "silent",
    });
  } catch {
    throw new ConfigError(source, [{ path: "", message: "not YAML or JSON: nested too deeply to parse" }]);
  }
  const locate = locator(yaml, doc, lineCounter);
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    // The parser's warnings (an unknown tag) are valid YAML we refuse all the same.
    const issues: ConfigIssue[] = problems.map((p) => ({
      path: formatPath(pathAt(yaml, doc.contents, p.pos[0], isKnownKey)),
      message: `${p.name === "YAMLWarning" ? "refused" : "not YAML or JSON"}: ${YAML_PROBLEMS[p.code] ?? "unexpected content"}${at(lineCounter.linePos(p.pos[0]))}`,
    }));
    throw new ConfigError(source, issues);
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), locate };
  } catch {
    // An alias to an unknown anchor, or so many aliases that expanding them is an attack.
    throw new ConfigError(source, [
      { path: "", message: "not YAML or JSON: too many aliases, or an alias to an unknown anchor" },
    ]);
  }
}

type Node = ParsedNode | null | undefined;

/** The path of the deepest value holding `offset`, through known keys only. */
function pathAt(yaml: Yaml, node: Node, offset: number, isKnownKey: (k: string) => boolean): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let n: Node = node; n; ) {
    let next: Node;
    if (yaml.isMap(n)) {
      for (const pair of n.items) {
        const key = yaml.isScalar(pair.key) ? pair.key : undefined;
        const value = yaml.isNode(pair.value) ? (pair.value as ParsedNode) : undefined;
        const end = value?.range?.[2] ?? key?.range?.[2] ?? -1;
        if (offset > end) continue;
        // In the key itself (a broken line may be a secret), or after a key we do not know: stop.
        if (!key?.range || offset < key.range[1] || !isKnownKey(String(key.value))) break;
        path.push(String(key.value));
        next = value;
        break;
      }
    } else if (yaml.isSeq(n)) {
      // The first item ending at or after the offset (a tag before an item belongs to it).
      const i = n.items.findIndex((item) => yaml.isNode(item) && (item.range?.[2] ?? -1) >= offset);
      if (i >= 0) {
        path.push(i);
        next = n.items[i] as ParsedNode;
      }
    }
    n = next;
  }
  return path;
}

/** Finds a value (or a map's key) by its path in the parsed document; 1-based line and column. */
function locator(yaml: Yaml, doc: Document.Parsed, lc: LineCounter): Locate {
  return (path, key) => {
    let n: unknown = doc.contents;
    const find = (map: unknown, k: PropertyKey) =>
      yaml.isMap(map)
        ? map.items.find((p) => yaml.isScalar(p.key) && String(p.key.value) === String(k))
        : undefined;
    for (const p of path) {
      if (yaml.isSeq(n) && typeof p === "number") n = n.items[p];
      else n = find(n, p)?.value;
    }
    const target = key === undefined ? n : find(n, key)?.key;
    const offset = yaml.isNode(target) ? target.range?.[0] : undefined;
    return offset === undefined ? undefined : lc.linePos(offset);
  };
}
