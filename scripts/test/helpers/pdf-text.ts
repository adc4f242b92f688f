import { inflateSync } from 'node:zlib';

/**
 * A small, test-side reader of the text a PDF actually paints, page by page, to judge a print-to-PDF
 * without trusting the layout that produced it: content Chromium clips at the page edge is not in
 * the PDF's content streams at all. It reads what Chromium's Skia writer emits (ISO 32000-1): indirect
 * objects (7.3.10), Flate streams (7.4.4), pages with `/Font` resources and `/Contents` (7.7.3.3),
 * Type0 fonts with Identity-H two-byte codes (9.7.5.2) and a `/ToUnicode` CMap of bfchar/bfrange
 * entries (9.10.3), and text shown with `Tj` and `TJ` (9.4.3). Anything else it meets makes it throw,
 * so a PDF it cannot read fails the test instead of passing it.
 */
interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const end = s.indexOf('endobj', re.lastIndex);
    if (end < 0) throw new Error(`pdf: object ${m[1]} has no endobj`);
    const body = s.slice(re.lastIndex, end);
    const at = body.search(/\bstream\r?\n/);
    if (at < 0) out.set(Number(m[1]), { dict: body });
    else {
      const dict = body.slice(0, at);
      const start = body.indexOf('\n', at) + 1;
      const length = /\/Length (\d+)\b(?! 0 R)/.exec(dict);
      if (!length) throw new Error(`pdf: stream ${m[1]} has no direct /Length`);
      let data = Buffer.from(body.slice(start, start + Number(length[1])), 'latin1');
      if (/\/Filter \/FlateDecode/.test(dict)) data = inflateSync(data);
      else if (/\/Filter/.test(dict)) throw new Error(`pdf: stream ${m[1]} has an unknown filter`);
      out.set(Number(m[1]), { dict, stream: data });
    }
    re.lastIndex = end;
  }
  return out;
}

const hex = (h: string) => parseInt(h, 16);
const utf16 = (h: string) =>
  String.fromCharCode(...(h.match(/.{4}/g) ?? []).map((x) => hex(x)).filter((c) => !Number.isNaN(c)));

/** The code -> text map of a ToUnicode CMap. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, text] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(hex(code!), utf16(text!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, dst] of block[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g
    )) {
      const list = dst!.startsWith('[') ? [...dst!.matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => x[1]!) : [];
      for (let c = hex(lo!), i = 0; c <= hex(hi!); c++, i++) {
        if (list.length) map.set(c, utf16(list[i]!));
        else {
          const base = utf16(dst!.slice(1, -1));
          map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + i));
        }
      }
    }
  return map;
}

const refs = (s: string) => [...s.matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1]));

/** The text each page paints, in painting order, one string per page. */
export function pdfPages(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const get = (n: number) => {
    const o = objs.get(n);
    if (!o) throw new Error(`pdf: object ${n} is missing`);
    return o;
  };
  // pages in document order: the catalog's page tree, depth first (7.7.3.2)
  const catalog = [...objs.values()].find((o) => /\/Type \/Catalog\b/.test(o.dict));
  const root = catalog && /\/Pages (\d+) 0 R/.exec(catalog.dict);
  if (!root) throw new Error('pdf: no catalog with a page tree');
  const ordered: PdfObject[] = [];
  const walk = (n: number): void => {
    const node = get(n);
    if (/\/Type \/Page\b/.test(node.dict)) ordered.push(node);
    else for (const kid of refs(/\/Kids \[([^\]]*)\]/.exec(node.dict)?.[1] ?? '')) walk(kid);
  };
  walk(Number(root[1]));
  const pages: string[] = [];
  for (const page of ordered) {
    const fonts = new Map<string, Map<number, string>>();
    const fontDict = /\/Font <<([^>]*)>>/.exec(page.dict);
    for (const [, name, num] of fontDict?.[1]!.matchAll(/\/(\S+?) (\d+) 0 R/g) ?? []) {
      const font = get(Number(num)).dict;
      if (!/\/Encoding \/Identity-H/.test(font)) throw new Error(`pdf: font ${name} is not Identity-H`);
      const cmap = /\/ToUnicode (\d+) 0 R/.exec(font);
      if (!cmap) throw new Error(`pdf: font ${name} has no ToUnicode`);
      fonts.set(name!, toUnicode(get(Number(cmap[1])).stream!.toString('latin1')));
    }
    const contents = /\/Contents (\[[^\]]*\]|\d+ 0 R)/.exec(page.dict);
    let text = '';
    for (const n of contents ? refs(contents[1]!) : []) {
      const ops = get(n).stream!.toString('latin1');
      if (/\)\s*(Tj|'|")/.test(ops)) throw new Error('pdf: text in literal strings is not read here');
      let font: Map<number, string> | undefined;
      for (const [, tf, shown] of ops.matchAll(/\/(\S+) [\d.]+ Tf|(<[0-9A-Fa-f]*>\s*Tj|\[[^\]]*\]\s*TJ)/g)) {
        if (tf) {
          font = fonts.get(tf);
          if (!font) throw new Error(`pdf: font ${tf} is not in the page's resources`);
          continue;
        }
        if (!font) throw new Error('pdf: text shown before any font was set');
        for (const [, h] of shown!.matchAll(/<([0-9A-Fa-f]*)>/g))
          for (const code of h!.match(/.{4}/g) ?? []) text += font.get(hex(code)) ?? '\uFFFD';
      }
    }
    pages.push(text);
  }
  return pages;
}

/**
 * Text without whitespace, so a cell's words still match when it wraps over lines, and with the
 * ligatures the shaper painted (U+FB01 for "fi") folded back by NFKC.
 */
export const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
