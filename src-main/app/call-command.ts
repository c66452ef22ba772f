/**
 * The one door both adapters (Electron IPC, the browser mode's WebSocket) use: validate the input
 * with the contract's schema, run the handler, and answer an ApiResult. Nothing thrown crosses.
 */
import { z } from 'zod';
import {
  apiCommands,
  errorResult,
  okResult,
  type ApiCommandName,
  type ApiError,
  type ApiHandlers,
  type ApiResult,
} from '../../src-shared/api/index.js';
import { NO_STATUS, ParleyError } from '../client/parley-error.js';
import { AppError } from './app-error.js';

export function isCommandName(name: unknown): name is ApiCommandName {
  return typeof name === 'string' && Object.hasOwn(apiCommands, name);
}

export async function callCommand(
  handlers: ApiHandlers,
  name: string,
  rawInput: unknown,
  log: (line: string) => void = () => {},
): Promise<ApiResult<unknown>> {
  if (!isCommandName(name)) {
    return errorResult({
      code: 'invalid-input',
      message: `There is no command named "${name.slice(0, 64)}".`,
    });
  }
  const parsed = apiCommands[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return errorResult({ code: 'invalid-input', message: describe(parsed.error) });
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return okResult(await handler(parsed.data));
  } catch (error) {
    return errorResult(toApiError(error, name, log));
  }
}

export function toApiError(error: unknown, command: string, log: (line: string) => void): ApiError {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.status === undefined ? {} : { status: error.status }),
    };
  }
  if (error instanceof ParleyError) {
    return error.status === NO_STATUS
      ? { code: 'unavailable', message: error.message }
      : { code: 'refused', message: error.message, status: error.status };
  }
  if (error instanceof z.ZodError) return { code: 'invalid-input', message: describe(error) };
  log(`error in ${command}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'internal', message: 'Something went wrong inside the app. The details are in its log.' };
}

/** The first problem, as a sentence naming the field. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The input is not valid.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `Invalid input: ${where}${issue.message}`;
}
