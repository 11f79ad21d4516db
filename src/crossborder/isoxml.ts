/**
 * XML as ISO 20022 messages need it read: character references decoded as every XML reader decodes them, no DTD
 * and no entity of any other kind, the business application header envelope opened, and XSD validation against
 * the schemas shipped in schemas/iso20022/ (libxml2 compiled to WebAssembly, `xmllint-wasm`).
 *
 * Nothing here knows pacs.008: src/crossborder/pacs008.ts uses these pieces and turns their findings into
 * {Pacs008Error}s.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EntityDecoderOptions } from "fast-xml-parser";

// ------------------------------------------------------------------ character references

/** The five entities XML predefines (XML 1.0 §4.6); no other named entity exists without a DTD. */
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Whether `cp` is an XML 1.0 `Char` (§2.2): what a character reference may stand for. */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/g;

/**
 * Replace every character reference (`&#1040;`, `&#x410;`) and predefined entity (`&amp;` …) of `text` in one pass,
 * as an XML reader does: `&#38;#60;` becomes the literal text `&#60;`, never `<`. Anything else is left as it is;
 * {findReferenceProblem} refuses it before parsing.
 */
export function decodeXmlReferences(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    REFERENCE,
    (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name !== undefined) return PREDEFINED[name] ?? whole;
      const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? "", 10);
      return isXmlChar(cp) ? String.fromCodePoint(cp) : whole;
    },
  );
}

/** A problem with an `&` in the raw XML: where (1-based line and column) and what. */
export interface ReferenceProblem {
  line: number;
  column: number;
  detail: string;
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/**
 * The first `&` of `xml` (outside CDATA sections and comments) that is not a predefined entity or a character
 * reference to an XML character: an undeclared entity (`&nbsp;` is HTML, not XML), a reference to a character XML
 * forbids (`&#0;`, `&#xD800;`), or a bare `&`. Undefined when there is none.
 */
export function findReferenceProblem(xml: string): ReferenceProblem | undefined {
  const skipped = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
  const masked = xml.replace(skipped, (m) => " ".repeat(m.length));
  for (let i = masked.indexOf("&"); i >= 0; i = masked.indexOf("&", i + 1)) {
    const match = /^&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/.exec(masked.slice(i, i + 40));
    const at = lineAndColumn(xml, i);
    if (!match) return { ...at, detail: "an '&' that starts no entity or character reference" };
    const [whole, hex, dec, name] = match;
    if (name !== undefined) {
      if (!(name in PREDEFINED)) {
        return { ...at, detail: `${whole} is not one of XML's five predefined entities, and no DTD is allowed` };
      }
      continue;
    }
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? "", 10);
    if (!isXmlChar(cp)) return { ...at, detail: `${whole} refers to a character XML does not allow` };
  }
  return undefined;
}

/**
 * fast-xml-parser's entity decoder for ISO 20022: {decodeXmlReferences} on text and attribute values (never inside
 * CDATA), and any entity a DOCTYPE would declare refused (the caller refuses DOCTYPE itself before parsing).
 */
export const xmlReferenceDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: (entities) => {
    if (Object.keys(entities).length > 0) throw new Error("entity declarations are not allowed");
  },
  reset: () => undefined,
  decode: decodeXmlReferences,
  setXmlVersion: () => undefined,
};

// ------------------------------------------------------------------ elements by position

/** One element of a document: qualified name, depth (0 for a root), its start tag and its extent in the text. */
export interface ElementSpan {
  name: string;
  localName: string;
  depth: number;
  start: number;
  /** Offset just past the end tag (or the `/>` of an empty element). */
  end: number;
  /** The start tag's text, `<Name attr="…">`. */
  startTag: string;
  /** Index in the returned list of the parent element, -1 for a root. */
  parent: number;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/**
 * The elements of `xml` in document order, with their positions. For well-formed XML (check it first); returns
 * undefined if the tags do not pair up.
 */
export function elementSpans(xml: string): ElementSpan[] | undefined {
  const spans: ElementSpan[] = [];
  const open: number[] = [];
  for (const m of xml.matchAll(TOKEN)) {
    const [whole, closing, name, , selfClosing] = m;
    if (name === undefined) continue;
    const index = m.index;
    if (closing === "/") {
      const top = open.pop();
      if (top === undefined || spans[top].name !== name) return undefined;
      spans[top].end = index + whole.length;
      continue;
    }
    const span: ElementSpan = {
      name,
      localName: name.includes(":") ? name.slice(name.indexOf(":") + 1) : name,
      depth: open.length,
      start: index,
      end: index + whole.length,
      startTag: whole,
      parent: open.length > 0 ? open[open.length - 1] : -1,
    };
    spans.push(span);
    if (selfClosing !== "/") open.push(spans.length - 1);
  }
  return open.length === 0 ? spans : undefined;
}

/** The `xmlns` and `xmlns:p` declarations of a start tag, by attribute name. */
export function namespaceDeclarations(startTag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of startTag.matchAll(/\s(xmlns(?::[\w.-]+)?)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    found.set(m[1], m[3] ?? m[4] ?? "");
  }
  return found;
}

/**
 * The text of element `index` of `spans`, standing alone: the namespace declarations it inherits from its
 * ancestors are copied onto its start tag (its own declarations win), so it means the same outside its envelope.
 */
export function standaloneElement(xml: string, spans: ElementSpan[], index: number): string {
  const element = spans[index];
  const own = namespaceDeclarations(element.startTag);
  const inherited = new Map<string, string>();
  for (let p = element.parent; p >= 0; p = spans[p].parent) {
    for (const [name, value] of namespaceDeclarations(spans[p].startTag)) {
      if (!own.has(name) && !inherited.has(name)) inherited.set(name, value);
    }
  }
  const text = xml.slice(element.start, element.end);
  if (inherited.size === 0) return text;
  const extra = [...inherited].map(([name, value]) => ` ${name}="${value.replace(/"/g, "&quot;")}"`).join("");
  return `<${element.name}${extra}${text.slice(element.name.length + 1)}`;
}

/**
 * The element path (`Document/FIToFICstmrCdtTrf/…`, local names) of the first element named `localName` that
 * starts on `line` of `xml`; of the first element on that line when no name is given or none matches.
 */
export function elementPathAt(xml: string, line: number, localName?: string): string | undefined {
  const spans = elementSpans(xml);
  if (!spans) return undefined;
  const onLine = spans.filter((s) => lineAndColumn(xml, s.start).line === line);
  const hit = onLine.find((s) => s.localName === localName) ?? onLine[0];
  if (!hit) return undefined;
  const names: string[] = [];
  for (let s: ElementSpan | undefined = hit; s; s = s.parent >= 0 ? spans[s.parent] : undefined) {
    names.unshift(s.localName);
  }
  return names.join("/");
}

// ------------------------------------------------------------------ XSD validation

/** Where the ISO 20022 schemas live (schemas/iso20022/ at the repository root). */
export const SCHEMA_DIR = path.resolve(__dirname, "../../schemas/iso20022");

/** The message definitions this suite validates. */
export type SchemaName = "pacs.008.001.08" | "head.001.001.02";

/** The schema file used for `name`: the official `<name>.xsd` when present, else the suite's `<name>.subset.xsd`. */
export interface SchemaFile {
  name: SchemaName;
  file: string;
  /** True for the official file from iso20022.org, false for the hand-written subset. */
  official: boolean;
}

export function schemaFile(name: SchemaName, dir = SCHEMA_DIR): SchemaFile {
  const official = path.join(dir, `${name}.xsd`);
  if (fs.existsSync(official)) return { name, file: official, official: true };
  const subset = path.join(dir, `${name}.subset.xsd`);
  if (fs.existsSync(subset)) return { name, file: subset, official: false };
  throw new Error(`no schema for ${name}: neither ${official} nor ${subset} exists`);
}

/** One schema violation: the element path where libxml2 found it (when it can be told) and libxml2's words. */
export interface SchemaViolation {
  path: string | undefined;
  line: number | undefined;
  message: string;
}

/** The outcome of validating one document. */
export interface SchemaResult {
  schema: SchemaFile;
  valid: boolean;
  violations: SchemaViolation[];
}

/** A text laid out one element tag per line, and the way back to the lines of the text it came from. */
export interface TagPerLine {
  text: string;
  /** The 1-based line of the original text on which `line` (1-based) of `text` starts. */
  originalLine(line: number): number;
}

/**
 * `xml` with every element tag that follows another tag across nothing but whitespace moved to a line of its own,
 * so that libxml2's line numbers single out one element even in a message written on one line. Only whitespace
 * between two tags changes, which a schema ignores in element-only content; text, CDATA and comments stay as they
 * are.
 */
export function oneTagPerLine(xml: string): TagPerLine {
  const tagThenSpace = /(<\/?[A-Za-z_][\w.:-]*(?:[^>"']|"[^"]*"|'[^']*')*>)[ \t\r\n]*(?=<\/?[A-Za-z_])/g;
  // Copied stretches: where each starts in the output and in the original.
  const segments: { out: number; original: number }[] = [{ out: 0, original: 0 }];
  let text = "";
  let last = 0;
  for (const m of xml.matchAll(tagThenSpace)) {
    text += xml.slice(last, m.index) + m[1] + "\n";
    last = m.index + m[0].length;
    segments.push({ out: text.length, original: last });
  }
  text += xml.slice(last);
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return {
    text,
    originalLine(line: number): number {
      const offset = lineStarts[Math.min(Math.max(line, 1), lineStarts.length) - 1];
      let segment = segments[0];
      for (const s of segments) if (s.out <= offset) segment = s;
      return lineAndColumn(xml, segment.original + (offset - segment.out)).line;
    },
  };
}

/**
 * Validate `xml` (one document, UTF-8) against the schema for `name` with libxml2. Each violation carries the
 * element path, found from the line libxml2 reports (on the text laid out one tag per line, {oneTagPerLine}) and
 * the element it names, and the line of `xml` where that element is.
 */
export async function validateAgainstSchema(xml: string, name: SchemaName, dir = SCHEMA_DIR): Promise<SchemaResult> {
  const schema = schemaFile(name, dir);
  const laidOut = oneTagPerLine(xml);
  const { validateXML } = await import("xmllint-wasm");
  const result = await validateXML({
    xml: [{ fileName: "message.xml", contents: laidOut.text }],
    schema: [{ fileName: path.basename(schema.file), contents: fs.readFileSync(schema.file, "utf8") }],
  });
  const violations = result.errors.map((e): SchemaViolation => {
    const line = e.loc?.lineNumber;
    const element = /Element '(?:\{[^}]*\})?([\w.-]+)'/.exec(e.message)?.[1];
    // libxml2 names elements with their namespace ({urn:…}Name): the namespace is the schema's, so it goes.
    const message = e.message
      .replace(/^Schemas validity error : /, "")
      .replace(/\{(?:urn|https?):[^}]*\}/g, "")
      .trim();
    if (line === undefined) return { path: undefined, line, message };
    return { path: elementPathAt(laidOut.text, line, element), line: laidOut.originalLine(line), message };
  });
  return { schema, valid: result.valid, violations };
}
