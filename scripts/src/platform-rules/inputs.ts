/**
 * What the platform rules read besides the package directories: files directly under config/. The gate keys its
 * cached rules layer on exactly these (deploy/gate-inputs.ts), so the two lists cannot drift apart.
 */
export const CONFIG_DIR = 'config';

/** Scratch org definitions (the event-bus encryption rule): any config/*scratch-def.json. */
export const SCRATCH_DEF = /scratch-def\.json$/;

/** The certificate acknowledgements (the sample-certificate release rule), relative to the project root. */
export const CERTIFICATE_ACKS_NAME = 'phi-guard-certificates.json';
export const CERTIFICATE_ACKS = `${CONFIG_DIR}/${CERTIFICATE_ACKS_NAME}`;

/** True for a config/ file name some platform rule reads. */
export const isRulesConfigFile = (name: string) => SCRATCH_DEF.test(name) || name === CERTIFICATE_ACKS_NAME;
