import { visible } from './visible';

/**
 * Terminal text: untrusted strings are printed with every control character visible, so a name
 * cannot move the cursor, recolour the screen (ESC sequences) or add a line of its own.
 */
export const termText = (s: string): string => visible(s);
