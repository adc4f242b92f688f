/**
 * User-facing text for the headless browser resolver and the portal preview (`npm run portal`).
 * No message carries a field value: only paths, flags, ports and counts.
 */
export const portalMsg = {
  browser: {
    envMissing: (file: string) =>
      `PHI_GUARD_CHROMIUM points to ${file}, which is not an executable file; fix the path or unset it.`,
    unsupported: (platform: string, arch: string) =>
      `No Chromium found: PHI_GUARD_CHROMIUM is unset, no chromium or chrome is on PATH, and the bundled ` +
      `@sparticuz/chromium only runs on Linux x64 (this is ${platform} ${arch}).`,
    npmFailed: (detail: string) => `@sparticuz/chromium could not unpack its browser: ${detail}`
  },
  preview: {
    usage:
      'Usage: npm run portal [-- --port <n>]\n' +
      'Compiles the force-app portal LWCs with LWC OSS and serves a preview on http://127.0.0.1 (fake data only).',
    badPort: (value: string) => `Flag --port needs a port number from 0 to 65535, got "${value}".`,
    building: 'Compiling the portal components (LWC OSS)...',
    warning: (detail: string) => `warning: ${detail}`,
    built: (modules: number, ms: number) => `Compiled ${modules} module(s) in ${ms} ms.`,
    serving: (url: string) => `Portal preview (fake data, localhost only): ${url}\nPress Ctrl+C to stop.`,
    buildFailed: (detail: string) => `The portal preview did not compile: ${detail}`,
    portInUse: (port: number) => `Port ${port} on 127.0.0.1 is in use; choose another with --port.`
  }
} as const;
