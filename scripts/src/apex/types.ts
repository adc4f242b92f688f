export type ApexLayer = 'parser' | 'apex-ls' | 'pmd';

/** One problem found in Apex by one validation layer. `file` is relative to the project root. */
export interface ApexIssue {
  layer: ApexLayer;
  file: string;
  line: number;
  column: number;
  rule?: string;
  message: string;
}

export interface LayerResult {
  layer: ApexLayer;
  filesChecked: number;
  issues: ApexIssue[];
  /** Issues matched by a documented allow-list entry (reported, not failing). */
  accepted?: ApexIssue[];
  /** Set when the layer could not run; the layer then counts as failed (fail closed). */
  notVerified?: string;
}

export const formatIssue = (i: ApexIssue) =>
  `${i.file}:${i.line}:${i.column} ${i.rule ? `[${i.layer}/${i.rule}] ` : `[${i.layer}] `}${i.message}`;
