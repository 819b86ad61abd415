/**
 * The XML of pushes: a root `<xml>` whose children are scalars (text or CDATA), nothing else.
 * Hardened before the parser sees a byte: a size bound, no `<!DOCTYPE`/`<!ENTITY` (so no entity
 * expansion, "billion laughs" included), and a nesting bound checked by a flat scan (no
 * recursion, so deep nesting cannot overflow a stack). Parsing and building: fast-xml-parser.
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { WechatPushError } from "./errors.js";

/** Default bound on a push body (and on the XML handed to the parser), in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
/** `<xml>` and its scalar children need 2 levels; anything past this is refused unparsed. */
export const MAX_XML_DEPTH = 8;

// Made on first use: a bundle that never parses a push (the Terraform provider) can drop them.
let parser: XMLParser | undefined;
let builder: XMLBuilder | undefined;

function getParser(): XMLParser {
  parser ??= new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true, // the five predefined entities only: declarations never get this far
    htmlEntities: false,
    maxNestedTags: MAX_XML_DEPTH,
  });
  return parser;
}

function getBuilder(): XMLBuilder {
  builder ??= new XMLBuilder({ cdataPropName: "__cdata", processEntities: true, format: false });
  return builder;
}

function bad(message: string): WechatPushError {
  return new WechatPushError("bad_xml", message);
}

/** The flat scan: declarations refused, nesting bounded, every markup construct terminated. */
export function guardXml(xml: string, maxBytes = DEFAULT_MAX_BODY_BYTES): void {
  if (Buffer.byteLength(xml, "utf8") > maxBytes)
    throw new WechatPushError("body_too_large", `the XML is larger than ${maxBytes} bytes`);
  let depth = 0;
  let i = xml.indexOf("<");
  while (i !== -1) {
    let end: number;
    if (xml.startsWith("<![CDATA[", i)) {
      end = xml.indexOf("]]>", i + 9);
      if (end === -1) throw bad("unterminated CDATA section");
      end += 2;
    } else if (xml.startsWith("<!--", i)) {
      end = xml.indexOf("-->", i + 4);
      if (end === -1) throw bad("unterminated comment");
      end += 2;
    } else if (xml[i + 1] === "!") {
      throw new WechatPushError("xml_doctype", "DOCTYPE and entity declarations are refused");
    } else if (xml[i + 1] === "?") {
      end = xml.indexOf("?>", i + 2);
      if (end === -1) throw bad("unterminated processing instruction");
      end += 1;
    } else {
      let quote = "";
      for (end = i + 1; end < xml.length; end++) {
        const c = xml[end];
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === ">") break;
      }
      if (end >= xml.length) throw bad("unterminated tag");
      if (xml[i + 1] === "/") depth--;
      else if (xml[end - 1] !== "/" && ++depth > MAX_XML_DEPTH)
        throw new WechatPushError("xml_too_deep", `elements are nested deeper than ${MAX_XML_DEPTH} levels`);
    }
    i = xml.indexOf("<", end + 1);
  }
}

/**
 * Parses `<xml><Name>value</Name>...</xml>` into `{ Name: "value" }` (CDATA and text alike;
 * values are strings, trimmed outside CDATA). Anything else is `bad_xml`.
 */
export function parseFlatXml(xml: string, maxBytes = DEFAULT_MAX_BODY_BYTES): Record<string, string> {
  guardXml(xml, maxBytes);
  if (XMLValidator.validate(xml) !== true) throw bad("the body is not well-formed XML");
  let doc: unknown;
  try {
    doc = getParser().parse(xml);
  } catch {
    throw bad("the body is not well-formed XML");
  }
  const roots = doc && typeof doc === "object" ? Object.keys(doc) : [];
  if (roots.length !== 1 || roots[0] !== "xml") throw bad("the root element must be <xml>, alone");
  const root = (doc as { xml: unknown }).xml;
  if (root === "") return {};
  if (!root || typeof root !== "object" || Array.isArray(root)) throw bad("<xml> must hold elements");
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(root)) {
    if (name === "#text") throw bad("<xml> must not hold bare text");
    if (Array.isArray(value)) throw bad(`<${name}> appears more than once`);
    if (typeof value !== "string") throw bad(`<${name}> must hold text, not elements`);
    out[name] = value;
  }
  return out;
}

/**
 * Builds `<xml>` from ordered fields as WeChat writes it: strings in CDATA, numbers bare. (A
 * string holding `]]>` cannot be one CDATA section; it is written as escaped text instead.)
 */
export function buildFlatXml(fields: ReadonlyArray<readonly [string, string | number]>): string {
  const xml: Record<string, unknown> = {};
  for (const [name, value] of fields)
    xml[name] = typeof value === "number" || value.includes("]]>") ? value : { __cdata: value };
  return getBuilder().build({ xml }) as string;
}
