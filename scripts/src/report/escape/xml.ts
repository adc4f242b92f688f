import { visible } from './visible';

const ENTITY: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;'
};

/**
 * XML text that may keep our own line breaks (a JUnit failure body): markup escaped, and the
 * control characters XML 1.0 forbids even as references dropped
 * (https://www.w3.org/TR/xml/#charsets). Untrusted pieces go through `xmlText` first.
 */
export const escapeXml = (s: string) =>
  s
    .replace(/[<>&'"]/g, (c) => ENTITY[c]!)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Untrusted text in XML: every control character visible, then escaped. */
export const xmlText = (s: string) => escapeXml(visible(s));
