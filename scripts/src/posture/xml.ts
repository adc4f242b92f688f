/**
 * A small, strict XML reader for Salesforce metadata that records the line of every element, so a
 * finding can point at `file:line`. Metadata XML has no DTDs or mixed content, so elements, text,
 * comments, CDATA, processing instructions and the five predefined entities are all it needs.
 * Malformed input throws XmlError with the line and the kind of the problem; its message never
 * quotes the file (a closing tag or an entity can hold anything, PHI included).
 */
export interface XmlNode {
  name: string;
  line: number;
  text: string;
  children: XmlNode[];
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string, line: number): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);|&/g, (m, ent: string | undefined) => {
    if (!ent) throw new XmlError('unescaped "&"', line);
    if (ent.startsWith('#')) {
      const code = ent.startsWith('#x') ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      // XML 1.0 Char production (https://www.w3.org/TR/xml/#charsets): no NUL, no surrogates, <= 0x10FFFF.
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff))
        throw new XmlError('invalid character reference', line);
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[ent];
    if (v === undefined) throw new XmlError('unknown entity', line);
    return v;
  });
}

const NAME = /^[A-Za-z_][\w.:-]*/;

export function parseXml(src: string): XmlNode {
  let i = 0;
  let line = 1;
  const n = src.length;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (src.charCodeAt(k) === 10) line++;
    i = to;
  };
  const root: XmlNode = { name: '#document', line: 1, text: '', children: [] };
  const stack: XmlNode[] = [root];
  let text = '';
  if (src.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt === -1) {
      text += src.slice(i);
      advance(n);
      break;
    }
    if (lt > i) {
      text += decode(src.slice(i, lt), line);
      advance(lt);
    }
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end === -1) throw new XmlError('unterminated comment', line);
      advance(end + 3);
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i + 9);
      if (end === -1) throw new XmlError('unterminated CDATA section', line);
      text += src.slice(i + 9, end);
      advance(end + 3);
    } else if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i + 2);
      if (end === -1) throw new XmlError('unterminated processing instruction', line);
      advance(end + 2);
    } else if (src.startsWith('<!', i)) {
      throw new XmlError('DOCTYPE and other declarations are not allowed in metadata', line);
    } else if (src.charCodeAt(i + 1) === 47 /* / */) {
      const end = src.indexOf('>', i);
      if (end === -1) throw new XmlError('unterminated closing tag', line);
      const name = src.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open === root) throw new XmlError('closing tag with no open element', line);
      if (open.name !== name)
        throw new XmlError(`closing tag does not match the element opened on line ${open.line}`, line);
      open.text = open.children.length ? '' : text.trim();
      text = '';
      advance(end + 1);
    } else {
      const end = findTagEnd(src, i + 1);
      if (end === -1) throw new XmlError('unterminated tag', line);
      const body = src.slice(i + 1, end);
      const m = NAME.exec(body);
      if (!m) throw new XmlError('invalid tag name', line);
      const selfClosing = body.endsWith('/');
      const node: XmlNode = { name: m[0], line, text: '', children: [] };
      const parent = stack[stack.length - 1]!;
      if (parent === root && root.children.length > 0) throw new XmlError('more than one root element', line);
      if (parent !== root && parent.children.length === 0 && text.trim()) {
        throw new XmlError(`mixed text and elements in the element opened on line ${parent.line}`, line);
      }
      parent.children.push(node);
      text = '';
      advance(end + 1);
      if (!selfClosing) stack.push(node);
    }
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    throw new XmlError(`element opened on line ${open.line} is never closed`, line);
  }
  if (root.children.length === 0) throw new XmlError('no root element', line);
  if (text.trim()) throw new XmlError('text outside the root element', line);
  return root.children[0]!;
}

function findTagEnd(src: string, from: number): number {
  let quote = 0;
  for (let k = from; k < src.length; k++) {
    const c = src.charCodeAt(k);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return k;
    else if (c === 60) return -1;
  }
  return -1;
}

/** Helpers over an element's children. */
export const child = (node: XmlNode | undefined, name: string): XmlNode | undefined =>
  node?.children.find((c) => c.name === name);
export const children = (node: XmlNode | undefined, name: string): XmlNode[] =>
  node ? node.children.filter((c) => c.name === name) : [];
export const text = (node: XmlNode | undefined, name: string): string | undefined => child(node, name)?.text;
export const bool = (node: XmlNode | undefined, name: string): boolean | undefined => {
  const t = text(node, name);
  return t === undefined ? undefined : t === 'true';
};
