import { visible } from './visible';

/**
 * HTML text and attribute values: the five characters that can open markup or end an attribute
 * become references, after control characters are made visible.
 */
export function htmlText(s: string): string {
  return visible(s).replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!
  );
}
