/**
 * Unprivileged network namespaces for the LAN discovery tests (`unshare -rn`): only `lo`, with
 * multicast routed to it, and a non-default mDNS port, so no test packet leaves the machine.
 * Other processes join one with `nsenter` (the namespace is the caller's own, so no privilege).
 */
import { spawnSync } from 'node:child_process';

export const NAMESPACE_SETUP =
  'ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo';

/** Away from 5353 and different per run, so two runs on one machine never meet. */
export const MDNS_PORT = 40_000 + (process.pid % 20_000);

/** Why a namespace with multicast on lo can't be made here, or undefined when it can. */
export function namespaceProblem(): string | undefined {
  const probe = spawnSync('unshare', ['-rn', 'sh', '-c', NAMESPACE_SETUP], { encoding: 'utf8' });
  if (probe.error) return `unshare is not available (${probe.error.message})`;
  if (probe.status !== 0)
    return `cannot make a network namespace with multicast on lo: ${probe.stderr.trim()}`;
  return undefined;
}

/**
 * Prepended to a command, runs it as the first process of a new namespace, set up first; the
 * command is exec'd, so its pid is the one spawned.
 */
export const IN_NEW_NAMESPACE: readonly string[] = [
  'unshare',
  '-rn',
  'sh',
  '-c',
  `${NAMESPACE_SETUP} && exec "$0" "$@"`,
];

/** Prepended to a command, runs it in the namespaces of process `pid` (exec'd, no fork). */
export function inNamespaceOf(pid: number): string[] {
  return ['nsenter', '-t', String(pid), '-U', '-n', '--preserve-credentials'];
}
