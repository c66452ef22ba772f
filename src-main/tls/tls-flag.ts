/** `--tls` with no value (last, or before another flag) means `--tls on`, for the server and the terminal alike. */
export function withTlsValue(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((arg, index) => {
    out.push(arg);
    const next = argv[index + 1];
    if (arg === '--tls' && (next === undefined || next.startsWith('-'))) out.push('on');
  });
  return out;
}
