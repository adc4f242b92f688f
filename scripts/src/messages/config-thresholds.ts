/**
 * User-facing text for the numeric thresholds in config/phi-guard.json (`keyRotationDays`,
 * `healthCheckMinScore`). Names the key and the allowed range, never echoes the file's content.
 */
export const thresholdsMsg = {
  badNumber: (key: string, min: number, max: number) =>
    `"${key}" must be a whole number from ${min} to ${max}`,
  keyRotationRemediation: (days: number) =>
    `Licence Shield Platform Encryption, generate a tenant secret (Setup > Platform Encryption > Key Management), and rotate each active secret at least every ${days} days (keyRotationDays in config/phi-guard.json).`
} as const;
