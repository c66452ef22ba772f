/**
 * Command-line mistakes in a person's words. Node's parseArgs says "Unknown option '--bogus'. To
 * specify a positional argument starting with a '-', place it at the end of the command after
 * '--', as in '-- "--bogus"" (its quotes unbalanced); every Parley command says instead what was
 * wrong, on one line, and points at its --help.
 */

/** What was wrong with the arguments, without Node's advice: e.g. `unknown option --bogus`. */
export function describeArgError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const quoted = /'([^']*)'/.exec(message)?.[1];
  if (quoted === undefined) return message;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // "Option '--port <value>' argument missing" / "Option '-h, --help' does not take an argument"
      const flag = quoted.split(/[ ,]+/).find((word) => word.startsWith('--')) ?? quoted;
      return /does not take/.test(message) ? `${flag} takes no value` : `${flag} needs a value`;
    }
    default:
      return message;
  }
}

/** The one line a command prints for a mistake: `error: <what> (<help> lists the options)`. */
export function usageErrorLine(what: string, help: string): string {
  return `error: ${what} (${help} lists the options)`;
}
