import { describe, expect, it } from 'vitest';
import { describeArgError, usageErrorLine } from './arg-errors.js';

/**
 * Node 20's parseArgs errors, as it words them (no Node here: src-shared is plain TypeScript; the
 * server, client and web CLI tests meet the real ones).
 */
function nodeError(code: string, message: string): Error {
  return Object.assign(new TypeError(message), { code });
}

const unknown = nodeError(
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  `Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--bogus"`,
);

describe('describeArgError', () => {
  it("names the flag instead of Node's advice with its unbalanced quote", () => {
    expect(describeArgError(unknown)).toBe('unknown option --bogus');
    expect(describeArgError(nodeError('ERR_PARSE_ARGS_UNKNOWN_OPTION', "Unknown option '-x'"))).toBe(
      'unknown option -x',
    );
    const missing = "Option '--port <value>' argument missing";
    expect(describeArgError(nodeError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', missing))).toBe(
      '--port needs a value',
    );
    const noValue = "Option '-h, --help' does not take an argument";
    expect(describeArgError(nodeError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', noValue))).toBe(
      '--help takes no value',
    );
    const positional = "Unexpected argument 'extra'. This command does not take positional arguments";
    expect(describeArgError(nodeError('ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', positional))).toBe(
      'unexpected argument extra',
    );
  });

  it('keeps any other message as it is', () => {
    expect(describeArgError(new Error('--port must be a whole number'))).toBe(
      '--port must be a whole number',
    );
    expect(describeArgError('plain')).toBe('plain');
  });

  it('makes one line that points at --help', () => {
    const line = usageErrorLine('unknown option --bogus', 'npm run server -- --help');
    expect(line).toBe('error: unknown option --bogus (npm run server -- --help lists the options)');
    expect(line.split("'").length % 2).toBe(1);
  });
});
