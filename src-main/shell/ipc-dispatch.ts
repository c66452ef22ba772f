/**
 * One IPC call from arrival to answer, without Electron: refuse a sender that is not the app's
 * main frame, else run the command (input validation and error mapping are callCommand's).
 * The renderer always gets an ApiResult, never a thrown error.
 */
import type { ApiResult } from '../../src-shared/api/index.js';
import { checkSender, type SenderFacts } from './sender-check.js';

export async function dispatchInvoke(
  facts: SenderFacts,
  origins: readonly string[],
  run: () => Promise<ApiResult<unknown>>,
  log: (line: string) => void,
): Promise<ApiResult<unknown>> {
  const verdict = checkSender(facts, origins);
  if (!verdict.allow) {
    log(`ipc: refused '${facts.channel}': ${verdict.reason}`);
    return {
      ok: false,
      error: { code: 'forbidden-sender', message: 'This request did not come from the Parley window.' },
    };
  }
  try {
    return await run();
  } catch (error) {
    // callCommand maps every error itself; this is the last guard so the page never sees a stack.
    log(
      `ipc: '${facts.channel}' failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in Parley. Please try again.' },
    };
  }
}
