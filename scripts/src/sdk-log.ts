/**
 * Runs offline work (it reads only local files) with the Salesforce SDK's log file turned off. SDR,
 * the metadata type resolver, loads @salesforce/core, whose logger starts a worker thread writing
 * ~/.sf/sf-<date>.log and blocks exit while it flushes (most of a second on a large project). With
 * no org in play that file holds nothing of use, so nothing is written under HOME:
 * SF_DISABLE_LOG_FILE is the sf CLI's own switch, and a value the user set is kept.
 */
export function withoutSdkLogFile<T>(run: () => T): T {
  if (process.env.SF_DISABLE_LOG_FILE !== undefined) return run();
  process.env.SF_DISABLE_LOG_FILE = 'true';
  const restore = () => {
    delete process.env.SF_DISABLE_LOG_FILE;
  };
  let result: T;
  try {
    result = run();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
