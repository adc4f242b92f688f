import { parseApiVersion, parseFlags } from '../../src/cli/args';
import { UserError } from '../../src/errors';

const spec = {
  'target-org': { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  json: { type: 'boolean' }
} as const;

function usageError(argv: string[]): string {
  try {
    parseFlags(argv, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).message;
  }
  throw new Error('parsed');
}

describe('flag parsing errors name the flag in one line', () => {
  it.each([
    [['-o'], 'Flag -o/--target-org needs a value. Run with --help for usage.'],
    [['--target-org'], 'Flag -o/--target-org needs a value. Run with --help for usage.'],
    [['--fail-on'], 'Flag --fail-on needs a value. Run with --help for usage.'],
    [['--json', '-o', '--fail-on'], 'Flag -o needs a value. Run with --help for usage.'],
    [['--json=yes'], 'Flag --json takes no value. Run with --help for usage.'],
    [['-x'], 'Unknown flag: -x. Run with --help for usage.'],
    [['--bogus'], 'Unknown flag: --bogus. Run with --help for usage.'],
    [['stray'], 'Unexpected argument: stray. Run with --help for usage.']
  ])('%j', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('a value that starts with a dash is taken with the = form', () => {
    expect(parseFlags(['--fail-on=-x'], spec).values['fail-on']).toBe('-x');
  });
});

describe('--api-version', () => {
  it('takes an API version as sf writes it, 21.0 or later', () => {
    expect(parseApiVersion(undefined)).toBeUndefined();
    expect(parseApiVersion('63.0')).toBe('63.0');
    expect(parseApiVersion('21.0')).toBe('21.0');
  });

  it.each(['63', '63.1', 'v63.0', '20.0', '0.0', ''])('refuses %j naming the flag', (value) => {
    expect(() => parseApiVersion(value)).toThrow(
      `Flag --api-version must be an API version such as 63.0 (21.0 or later), got "${value}".`
    );
  });
});
