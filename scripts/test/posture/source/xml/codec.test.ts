import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFromBatch, readXmlFile, XmlBatchWriter } from '../../../../src/posture/source/xml/codec';
import { parseXml, type XmlNode } from '../../../../src/posture/xml';

/** A tree as one line a node, in preorder, without recursion (a deep tree would overflow toEqual). */
function lines(root: XmlNode): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(JSON.stringify([n.name, n.line, n.text, n.children.length, Object.keys(n)]));
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]!);
  }
  return out;
}

const DOCS = [
  '<?xml version="1.0"?>\n<!-- c -->\n<A x="1 > 0">\n  <b>one &amp; two</b>\n  <c><![CDATA[<raw>]]></c>\n  <d/>\n  <b>true</b>\n</A>\n',
  '\ufeff<a>&#65;&#x42;</a>',
  '<a/>',
  '<PermissionSet>\n<fieldPermissions><editable>true</editable><field>A.B__c</field>\n<readable></readable></fieldPermissions>\n<label>L</label></PermissionSet>',
  // Deeper than any call stack: neither side recurses.
  `${'<e>'.repeat(20_000)}x${'</e>'.repeat(20_000)}`
];

describe('the XML worker batch', () => {
  it('hands back the very trees parseXml builds, file after file in one batch', () => {
    const w = new XmlBatchWriter();
    DOCS.forEach((content, i) => w.add(i * 10, { kind: 'parsed', content, node: parseXml(content) }));
    expect(w.size).toBe(DOCS.length);
    const batch = w.take();
    expect(w.size).toBe(0);
    expect(Array.from(batch.ids)).toEqual([0, 10, 20, 30, 40]);
    // The batch is what crosses the thread boundary: answer from its structured clone.
    const copy = structuredClone(batch);
    const got = DOCS.map((_d, i) => readFromBatch(copy, i));
    expect(got.map((r) => r?.kind)).toEqual(DOCS.map(() => 'parsed'));
    const trees = got.map((r) => (r?.kind === 'parsed' ? r : undefined));
    expect(trees.map((r) => r?.content)).toEqual(DOCS);
    expect(trees.map((r) => r && lines(r.node).join('\n'))).toEqual(
      DOCS.map((d) => lines(parseXml(d)).join('\n'))
    );
    expect(trees.slice(0, 4).map((r) => r?.node)).toEqual(DOCS.slice(0, 4).map((d) => parseXml(d)));
  });

  it('carries a refusal, malformed XML (message and line) and a file left to the loader', () => {
    const w = new XmlBatchWriter();
    w.add(3, { kind: 'refused', reason: 'is a folder: it is not read' });
    w.add(4, {
      kind: 'malformed',
      content: '<a>\n<b>',
      message: 'element opened on line 2 is never closed',
      line: 2
    });
    w.unanswered(5);
    w.add(6, { kind: 'parsed', content: '<z>1</z>', node: parseXml('<z>1</z>') });
    const batch = structuredClone(w.take());
    expect(Array.from(batch.ids)).toEqual([3, 4, 5, 6]);
    expect(readFromBatch(batch, 0)).toEqual({ kind: 'refused', reason: 'is a folder: it is not read' });
    expect(readFromBatch(batch, 1)).toEqual({
      kind: 'malformed',
      content: '<a>\n<b>',
      message: 'element opened on line 2 is never closed',
      line: 2
    });
    expect(readFromBatch(batch, 2)).toBeUndefined();
    expect(readFromBatch(batch, 3)).toEqual({
      kind: 'parsed',
      content: '<z>1</z>',
      node: parseXml('<z>1</z>')
    });
  });

  it('reads a file under the file rules: parsed, malformed, or refused with its reason', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-xml-codec-'));
    try {
      writeFileSync(path.join(dir, 'ok.xml'), '<a>\n  <b>1</b>\n</a>\n');
      writeFileSync(path.join(dir, 'bad.xml'), '<a>\n<b></a>');
      mkdirSync(path.join(dir, 'folder.xml'));
      const ok = readXmlFile(path.join(dir, 'ok.xml'), 'ok.xml');
      expect(ok).toEqual({
        kind: 'parsed',
        content: '<a>\n  <b>1</b>\n</a>\n',
        node: parseXml('<a>\n  <b>1</b>\n</a>\n')
      });
      expect(readXmlFile(path.join(dir, 'bad.xml'), 'bad.xml')).toEqual({
        kind: 'malformed',
        content: '<a>\n<b></a>',
        message: 'closing tag does not match the element opened on line 2',
        line: 2
      });
      expect(readXmlFile(path.join(dir, 'folder.xml'), 'folder.xml')).toMatchObject({ kind: 'refused' });
      expect(readXmlFile(path.join(dir, 'none.xml'), 'none.xml')).toMatchObject({ kind: 'refused' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
