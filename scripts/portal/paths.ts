import path from 'node:path';

/** Where the preview's parts live. Kept apart from build.ts, whose rollup imports are ESM-only. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PORTAL_DIR = path.join(REPO_ROOT, 'scripts', 'portal');
export const BUNDLE_FILE = 'portal.js';
