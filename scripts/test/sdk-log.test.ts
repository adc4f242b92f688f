import { withoutSdkLogFile } from '../src/sdk-log';

/** The SDK's log file is off during offline work only, and a value the user set is never touched. */
describe('withoutSdkLogFile', () => {
  const seen = () => process.env.SF_DISABLE_LOG_FILE;
  beforeEach(() => delete process.env.SF_DISABLE_LOG_FILE);
  afterAll(() => delete process.env.SF_DISABLE_LOG_FILE);

  it('turns the log file off for synchronous work and restores the environment after', () => {
    expect(withoutSdkLogFile(seen)).toBe('true');
    expect(seen()).toBeUndefined();
  });

  it('keeps it off until asynchronous work settles, resolved or rejected', async () => {
    const pending = withoutSdkLogFile(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return seen();
    });
    expect(seen()).toBe('true');
    await expect(pending).resolves.toBe('true');
    expect(seen()).toBeUndefined();
    await expect(withoutSdkLogFile(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(seen()).toBeUndefined();
  });

  it('restores the environment when the work throws', () => {
    expect(() =>
      withoutSdkLogFile(() => {
        throw new Error('bad input');
      })
    ).toThrow('bad input');
    expect(seen()).toBeUndefined();
  });

  it("leaves the user's own setting as it is", () => {
    process.env.SF_DISABLE_LOG_FILE = 'false';
    expect(withoutSdkLogFile(seen)).toBe('false');
    expect(seen()).toBe('false');
  });
});
