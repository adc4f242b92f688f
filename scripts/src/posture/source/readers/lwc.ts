import { known, unknown, type LwcBundleFact, type PostureSnapshot } from '../../model';
import { emptyBundle, readBundleHtml, readBundleJs, readBundleMeta } from '../../lwc';
import type { XmlNode } from '../../xml';
import type { LoadContext, SourceFile } from '../context';

/**
 * Lightning web component bundles (lwc/<name>/): the .js-meta.xml (targets, exposure), the JavaScript
 * (Apex imports) and the templates (child components). The files of a bundle arrive one by one; each
 * adds to its bundle's fact. A file that cannot be read makes the whole LWC fact unknown.
 * https://developer.salesforce.com/docs/platform/lwc/guide/create-components-meta-file.html
 */
const bundles = new WeakMap<PostureSnapshot, Map<string, LwcBundleFact>>();

function bundleOf(ctx: LoadContext, src: SourceFile): LwcBundleFact | undefined {
  const lwc = ctx.snap.lwc;
  if (!lwc.known) return undefined;
  const parts = src.relFile.split('/');
  const at = parts.lastIndexOf('lwc');
  const name = at >= 0 && parts.length - at >= 3 ? parts[at + 1]! : undefined;
  if (!name) return undefined;
  let byName = bundles.get(ctx.snap);
  if (!byName) bundles.set(ctx.snap, (byName = new Map()));
  let b = byName.get(name);
  if (!b) {
    b = emptyBundle(name, { file: src.relFile, line: 1 });
    byName.set(name, b);
    lwc.value.push(b);
  }
  return b;
}

/** LightningComponentBundle (lwc/<name>/<name>.js-meta.xml); its text gives the site properties. */
export function readLwcMeta(ctx: LoadContext, node: XmlNode, src: SourceFile, content?: string) {
  const b = bundleOf(ctx, src);
  if (b) readBundleMeta(b, node, { file: src.relFile, line: node.line }, content);
}

/** A bundle's JavaScript or template file. */
export function readLwcSource(ctx: LoadContext, content: string, src: SourceFile) {
  const b = bundleOf(ctx, src);
  if (!b) return;
  if (src.relFile.endsWith('.html')) readBundleHtml(b, content, src.relFile);
  else readBundleJs(b, content, src.relFile);
}

/** An LWC file that could not be read or parsed: what the components call is unknown. */
export function lwcUnreadable(ctx: LoadContext, src: SourceFile, reason: string) {
  ctx.snap.lwc = unknown('unreadable', reason, src.relFile);
}

/** The LWC fact of a new source snapshot: known and empty until bundles are read. */
export const noBundles = () => known<LwcBundleFact[]>([]);
