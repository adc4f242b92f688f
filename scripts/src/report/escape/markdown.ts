import { visible } from './visible';

/**
 * Markdown (CommonMark and GitHub Flavored Markdown) for untrusted text. Control characters become
 * visible first, so no value can end its line and start a heading, list or table row of its own.
 * Inside the line, the characters that open inline structure are backslash-escaped (CommonMark:
 * "any ASCII punctuation character may be backslash-escaped", https://spec.commonmark.org/0.31.2/#backslash-escapes):
 * emphasis `*` and `_` (a run of `_` between letters or digits, as in `Patient__c`, cannot open
 * emphasis, https://spec.commonmark.org/0.31.2/#left-flanking-delimiter-run, so API names stay
 * readable), code `` ` ``, links and images `[` `]`, strikethrough `~`, table cells `|`;
 * `<`, `>` and `&` become entities, so raw HTML (`<img onerror=…>`) is shown, never rendered
 * (https://spec.commonmark.org/0.31.2/#raw-html). A leading list marker (`-`, `+`, `1.` followed by
 * a space, https://spec.commonmark.org/0.31.2/#list-items) is escaped too, for text that starts a
 * list item; `#` and `>` are escaped wherever they are.
 */
export function mdText(s: string): string {
  return visible(s)
    .replace(/[\\`*[\]~|#]/g, '\\$&')
    .replace(/_+/g, underscores)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^[-+](?=[ \t]|$)/, '\\$&')
    .replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2');
}

/**
 * A code span for an identifier or path (shown literally: no emphasis, links or HTML inside a code
 * span, https://spec.commonmark.org/0.31.2/#code-spans). The fence is one backtick longer than
 * the longest run inside. In a GFM table cell a `|` still ends the cell, even in a code span, so it
 * is escaped there (https://github.github.com/gfm/#tables-extension-).
 */
export function mdCode(s: string, inTable = false): string {
  let v = visible(s);
  if (inTable) v = v.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

const ALNUM = /[A-Za-z0-9]/;
function underscores(run: string, at: number, all: string): string {
  const inside = ALNUM.test(all[at - 1] ?? '') && ALNUM.test(all[at + run.length] ?? '');
  return inside ? run : run.replace(/_/g, '\\_');
}
