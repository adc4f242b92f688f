import type { VerifyResult } from '../engine/verify';
import { renderCsv } from './csv';
import { renderHtml, renderMarkdown } from './evidence-pack';
import { renderJunit } from './junit';
import { renderSarif } from './sarif';

/** File formats for --format, each a pure function from result to text, with its file name. */
export const FORMATS = {
  sarif: { file: 'phi-guard.sarif', render: renderSarif },
  junit: { file: 'phi-guard.junit.xml', render: renderJunit },
  md: { file: 'phi-guard.md', render: renderMarkdown },
  html: { file: 'phi-guard.html', render: renderHtml },
  csv: { file: 'phi-guard.csv', render: renderCsv }
} as const satisfies Record<string, { file: string; render: (r: VerifyResult) => string }>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
