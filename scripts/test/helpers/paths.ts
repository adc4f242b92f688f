import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
export const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);
