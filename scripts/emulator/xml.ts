/**
 * The emulator's own XML reader, for SOAP envelopes and the metadata files of a deploy zip. It is written apart
 * from the verifier's reader (scripts/src/posture/xml.ts) on purpose: the emulator judges what our tools send, so a
 * parsing rule we got wrong must not be wrong on both sides.
 *
 * What it reads is XML 1.0 as metadata and SOAP use it (https://www.w3.org/TR/xml/): elements with attributes,
 * character data, CDATA sections, comments, processing instructions and the predefined and numeric character
 * references. A document type declaration is refused: the Metadata API does not use DTDs, and an entity
 * declaration is the way XML bombs come in. Errors carry a line and a column, never the document's text.
 */
export interface XNode {
  /** Qualified name as written (`soapenv:Body`). */
  name: string;
  /** Attributes as written, qualified names as keys. */
  attrs: Record<string, string>;
  line: number;
  column: number;
  /** Character data of an element without child elements, trimmed; '' for an element with children. */
  text: string;
  children: XNode[];
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number
  ) {
    super(`${reason} (line ${line}, column ${column})`);
  }
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', apos: "'", quot: '"' };
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;

class Cursor {
  pos = 0;
  line = 1;
  column = 1;
  constructor(readonly src: string) {
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
  }
  get done(): boolean {
    return this.pos >= this.src.length;
  }
  peek(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }
  fail(reason: string): never {
    throw new XmlSyntaxError(reason, this.line, this.column);
  }
  /** Moves to `to`, counting lines. */
  moveTo(to: number): void {
    for (let k = this.pos; k < to; k++) {
      if (this.src.charCodeAt(k) === 10) {
        this.line++;
        this.column = 1;
      } else this.column++;
    }
    this.pos = to;
  }
  /** Moves past the next `end`, returning what came before it. */
  until(end: string, what: string): string {
    const at = this.src.indexOf(end, this.pos);
    if (at < 0) this.fail(`unterminated ${what}`);
    const out = this.src.slice(this.pos, at);
    this.moveTo(at + end.length);
    return out;
  }
  skipSpace(): void {
    let k = this.pos;
    while (k < this.src.length && /\s/.test(this.src[k] as string)) k++;
    this.moveTo(k);
  }
  name(): string {
    const start = this.pos;
    if (!NAME_START.test(this.src[start] ?? '')) this.fail('expected a name');
    let k = start + 1;
    while (k < this.src.length && NAME_CHAR.test(this.src[k] as string)) k++;
    this.moveTo(k);
    return this.src.slice(start, k);
  }
}

function unescape(raw: string, c: Cursor): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) c.fail('an & that starts no character reference');
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      const ok =
        Number.isInteger(code) &&
        (code === 0x9 ||
          code === 0xa ||
          code === 0xd ||
          (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0xfffd) ||
          (code >= 0x10000 && code <= 0x10ffff));
      if (!ok) c.fail('a character reference to a character XML does not allow');
      return String.fromCodePoint(code);
    }
    const v = PREDEFINED[ref];
    if (v === undefined) c.fail('a reference to an undeclared entity');
    return v;
  });
}

/** Parses a document and returns its root element. */
export function readXml(src: string): XNode {
  const c = new Cursor(src);
  let root: XNode | undefined;
  const open: XNode[] = [];
  const texts: string[][] = [];
  while (!c.done) {
    if (c.peek('<!--')) {
      c.moveTo(c.pos + 4);
      const body = c.until('-->', 'comment');
      if (body.includes('--')) c.fail('"--" inside a comment');
      continue;
    }
    if (c.peek('<?')) {
      c.moveTo(c.pos + 2);
      c.until('?>', 'processing instruction');
      continue;
    }
    if (c.peek('<![CDATA[')) {
      if (!open.length) c.fail('character data outside the root element');
      c.moveTo(c.pos + 9);
      texts[texts.length - 1]?.push(c.until(']]>', 'CDATA section'));
      continue;
    }
    if (c.peek('<!')) c.fail('a document type or other declaration (not allowed here)');
    if (c.peek('</')) {
      c.moveTo(c.pos + 2);
      const name = c.name();
      c.skipSpace();
      if (!c.peek('>')) c.fail('expected ">" to end the closing tag');
      c.moveTo(c.pos + 1);
      const node = open.pop();
      if (!node) return c.fail('a closing tag with no element open');
      if (node.name !== name)
        c.fail(`closing tag for the element opened on line ${node.line} has another name`);
      const text = (texts.pop() ?? []).join('');
      node.text = node.children.length ? '' : text.trim();
      continue;
    }
    if (c.peek('<')) {
      const line = c.line;
      const column = c.column;
      c.moveTo(c.pos + 1);
      const node: XNode = { name: c.name(), attrs: {}, line, column, text: '', children: [] };
      for (;;) {
        const before = c.pos;
        c.skipSpace();
        if (c.peek('/>') || c.peek('>')) break;
        if (c.pos === before) c.fail('expected white space between attributes');
        const key = c.name();
        c.skipSpace();
        if (!c.peek('=')) c.fail('expected "=" after an attribute name');
        c.moveTo(c.pos + 1);
        c.skipSpace();
        const q = c.src[c.pos];
        if (q !== '"' && q !== "'") return c.fail('expected a quoted attribute value');
        c.moveTo(c.pos + 1);
        const raw = c.until(q, 'attribute value');
        if (raw.includes('<')) c.fail('"<" inside an attribute value');
        if (key in node.attrs) c.fail('an attribute given twice');
        node.attrs[key] = unescape(raw, c);
      }
      const selfClosing = c.peek('/>');
      c.moveTo(c.pos + (selfClosing ? 2 : 1));
      const parent = open[open.length - 1];
      if (parent) {
        if (!parent.children.length && (texts[texts.length - 1] ?? []).join('').trim())
          c.fail(`text and elements mixed in the element opened on line ${parent.line}`);
        parent.children.push(node);
        texts[texts.length - 1] = [];
      } else if (root) c.fail('a second root element');
      else root = node;
      if (!selfClosing) {
        open.push(node);
        texts.push([]);
      }
      continue;
    }
    const next = c.src.indexOf('<', c.pos);
    const end = next < 0 ? c.src.length : next;
    const raw = c.src.slice(c.pos, end);
    if (!open.length) {
      if (raw.trim()) c.fail('text outside the root element');
      c.moveTo(end);
      continue;
    }
    const decoded = unescape(raw, c);
    c.moveTo(end);
    texts[texts.length - 1]?.push(decoded);
    const parent = open[open.length - 1] as XNode;
    if (parent.children.length && decoded.trim())
      c.fail(`text and elements mixed in the element opened on line ${parent.line}`);
  }
  if (open.length)
    c.fail(`the element opened on line ${(open[open.length - 1] as XNode).line} is never closed`);
  if (!root) return c.fail('no root element');
  return root;
}

/** Element name without its namespace prefix (`soapenv:Body` -> `Body`). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
