import { readText, RefusedFile, SOURCE_FILE_CAP } from '../../../files/read';
import { parseXml, XmlError, type XmlNode } from '../../xml';

/**
 * One XML file of the loader, read and parsed: what the loader's thread does with it does not depend on which thread
 * read it. `refused`: the file rules refused it (no content); `malformed`: read, but not well-formed XML (the
 * XmlError's message and line, never the file's text).
 */
export type XmlRead =
  | { kind: 'parsed'; content: string; node: XmlNode }
  | { kind: 'malformed'; content: string; message: string; line: number }
  | { kind: 'refused'; reason: string };

/**
 * Reads and parses one XML file of the loader under the file rules (scripts/src/files/read.ts: a regular file within
 * the source cap; the walk follows no link and package directories are inside the project, so the file is too).
 * Any other error is thrown, as the loader has always thrown it.
 */
export function readXmlFile(file: string, display: string): XmlRead {
  let content: string;
  try {
    content = readText(file, { display, cap: SOURCE_FILE_CAP, walked: true });
  } catch (e) {
    if (!(e instanceof RefusedFile)) throw e;
    return { kind: 'refused', reason: e.reason };
  }
  try {
    return { kind: 'parsed', content, node: parseXml(content) };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    return { kind: 'malformed', content, message: e.message, line: e.line };
  }
}

const PARSED = 0;
const MALFORMED = 1;
const REFUSED = 2;
/** The worker could not answer (an error other than a refusal or malformed XML): the loader's thread reads it. */
const UNANSWERED = 3;

/**
 * A batch of files as a worker answers them, flat: a structured clone of XmlNode trees costs the receiving thread
 * about twice the parse (measured on the large bench project, CPU of one thread: 0.9 s against 0.45 s), while these
 * few arrays come across and become the same trees for about a fifth of it (0.09 s). Trees are written in preorder: each node as three numbers (its name's index
 * in `names`, its line, its child count) and each leaf's text in `texts`.
 */
export interface XmlBatch {
  /** The loader's index of each file. */
  ids: Int32Array;
  kinds: Uint8Array;
  /** Per file: its text (parsed or malformed), the refusal's reason or '' (refused, unanswered). */
  contents: string[];
  /** Per file: the XmlError's message (malformed), else ''. */
  messages: string[];
  /** Per file: the XmlError's line (malformed); where its tree starts in `nodes` (parsed, in threes). */
  at: Int32Array;
  /** Per file: where its leaves start in `texts` (parsed). */
  textAt: Int32Array;
  names: string[];
  nodes: Int32Array;
  texts: string[];
}

/** Builds an XmlBatch in a worker, file by file. */
export class XmlBatchWriter {
  private ids: number[] = [];
  private kinds: number[] = [];
  private contents: string[] = [];
  private messages: string[] = [];
  private at: number[] = [];
  private textAt: number[] = [];
  private names: string[] = [];
  private nameIndex = new Map<string, number>();
  private nodes: number[] = [];
  private texts: string[] = [];
  /** Characters of text held (content and leaves), to bound a batch. */
  chars = 0;

  get size(): number {
    return this.ids.length;
  }

  add(id: number, r: XmlRead): void {
    this.ids.push(id);
    if (r.kind === 'refused') {
      this.file(REFUSED, r.reason, '', 0, 0);
      return;
    }
    this.chars += r.content.length;
    if (r.kind === 'malformed') {
      this.file(MALFORMED, r.content, r.message, r.line, 0);
      return;
    }
    this.file(PARSED, r.content, '', this.nodes.length, this.texts.length);
    this.tree(r.node);
  }

  /** A file the worker could not answer. */
  unanswered(id: number): void {
    this.ids.push(id);
    this.file(UNANSWERED, '', '', 0, 0);
  }

  private file(kind: number, content: string, message: string, at: number, textAt: number) {
    this.kinds.push(kind);
    this.contents.push(content);
    this.messages.push(message);
    this.at.push(at);
    this.textAt.push(textAt);
  }

  /** Preorder, with an explicit stack: no depth limit but the parser's. */
  private tree(root: XmlNode) {
    const stack: XmlNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      let ix = this.nameIndex.get(n.name);
      if (ix === undefined) {
        ix = this.names.length;
        this.names.push(n.name);
        this.nameIndex.set(n.name, ix);
      }
      const count = n.children.length;
      this.nodes.push(ix, n.line, count);
      if (count === 0) this.texts.push(n.text);
      for (let k = count - 1; k >= 0; k--) stack.push(n.children[k]!);
    }
  }

  /** The batch so far; the writer starts over. */
  take(): XmlBatch {
    const batch: XmlBatch = {
      ids: Int32Array.from(this.ids),
      kinds: Uint8Array.from(this.kinds),
      contents: this.contents,
      messages: this.messages,
      at: Int32Array.from(this.at),
      textAt: Int32Array.from(this.textAt),
      names: this.names,
      nodes: Int32Array.from(this.nodes),
      texts: this.texts
    };
    this.ids = [];
    this.kinds = [];
    this.contents = [];
    this.messages = [];
    this.at = [];
    this.textAt = [];
    this.names = [];
    this.nameIndex = new Map();
    this.nodes = [];
    this.texts = [];
    this.chars = 0;
    return batch;
  }
}

/** File `k` of a batch as the loader takes it; undefined when the worker could not answer it. */
export function readFromBatch(b: XmlBatch, k: number): XmlRead | undefined {
  switch (b.kinds[k]) {
    case PARSED:
      return { kind: 'parsed', content: b.contents[k]!, node: buildTree(b, b.at[k]!, b.textAt[k]!) };
    case MALFORMED:
      return { kind: 'malformed', content: b.contents[k]!, message: b.messages[k]!, line: b.at[k]! };
    case REFUSED:
      return { kind: 'refused', reason: b.contents[k]! };
    default:
      return undefined;
  }
}

/** The tree written at `at` (nodes) and `textAt` (leaves): the same objects parseXml builds, in the same shape. */
function buildTree(b: XmlBatch, at: number, textAt: number): XmlNode {
  const { names, nodes, texts } = b;
  let q = textAt;
  // Open elements, and how many children each still waits for.
  const open: XmlNode[] = [];
  const left: number[] = [];
  let root: XmlNode | undefined;
  for (let p = at; root === undefined || open.length > 0; p += 3) {
    const count = nodes[p + 2]!;
    const node: XmlNode = {
      name: names[nodes[p]!]!,
      line: nodes[p + 1]!,
      text: count === 0 ? texts[q++]! : '',
      children: []
    };
    if (root === undefined) root = node;
    else {
      const top = open.length - 1;
      open[top]!.children.push(node);
      const still = left[top]! - 1;
      left[top] = still;
      if (still === 0) {
        open.pop();
        left.pop();
      }
    }
    if (count > 0) {
      open.push(node);
      left.push(count);
    }
  }
  return root;
}
