import { rel } from '../project/files';
import type { SfdxProject } from '../project/sfdx-project';
import { validatePackageDirs, type MetadataValidation } from './validate';

/** Validates every package directory of an SFDX project; file names are project-relative. */
export function validateProject(project: SfdxProject): MetadataValidation {
  return validatePackageDirs(project.packageDirs, {
    relative: (f) => rel(project.root, f),
    projectDir: project.root
  });
}
