import { localName, type XNode } from './xml';
import type { MdObject, MdValue } from './state';

/** Element name without its namespace prefix (`soapenv:Body` -> `Body`). */
export const local = localName;

/** Converts a metadata element to a plain object; repeated children become arrays, leaves become text. */
export function xmlToMd(node: XNode): MdValue {
  if (node.children.length === 0) return node.text.trim();
  const out: MdObject = {};
  for (const c of node.children) {
    const key = local(c.name);
    const v = xmlToMd(c);
    const prev = out[key];
    if (prev === undefined) out[key] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[key] = [prev, v];
  }
  return out;
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Serialises a metadata value as child elements (arrays repeat the element). */
export function mdToXml(name: string, v: MdValue): string {
  if (Array.isArray(v)) return v.map((x) => mdToXml(name, x)).join('');
  if (typeof v === 'string') return v === '' ? `<${name}/>` : `<${name}>${escapeXml(v)}</${name}>`;
  return `<${name}>${Object.entries(v)
    .map(([k, x]) => mdToXml(k, x))
    .join('')}</${name}>`;
}

/** Children of an element, for SOAP request parsing. */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => local(c.name) === name);
}

export function children(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => local(c.name) === name) : [];
}

/** Looks up `a[key=value].b` style paths used by profile patches; creates objects on the way when `create`. */
export function mdPatch(target: MdObject, path: string, value: MdValue | null): void {
  const parts = path.split('.');
  let cur: MdObject = target;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as string;
    const last = k === parts.length - 1;
    const m = /^(\w+)\[(\w+)=([^\]]+)\]$/.exec(part);
    if (m) {
      const [, key, field, want] = m as unknown as [string, string, string, string];
      const list = cur[key];
      const arr = Array.isArray(list) ? list : list === undefined ? [] : [list];
      let hit = arr.find((x) => typeof x === 'object' && !Array.isArray(x) && x[field] === want) as
        MdObject | undefined;
      if (!hit) {
        hit = { [field]: want };
        arr.push(hit);
      }
      cur[key] = arr;
      if (last) {
        if (value === null) cur[key] = arr.filter((x) => x !== hit);
        else Object.assign(hit, value);
        return;
      }
      cur = hit;
      continue;
    }
    if (last) {
      if (value === null) delete cur[part];
      else cur[part] = value;
      return;
    }
    let next = cur[part];
    if (next === undefined || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      cur[part] = next;
    }
    cur = next;
  }
}

/** Always an array (a single repeated element reads back as an object). */
export function asArray(v: MdValue | undefined): MdValue[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function text(v: MdValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
