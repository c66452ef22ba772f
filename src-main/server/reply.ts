/** What a handler returns: the response, and optionally work to do right after it is sent. */
import { encodeResponse, Status, type JsonObject } from '../../src-shared/protocol/index.js';

export interface Reply {
  readonly frame: string;
  readonly afterReply?: () => void | Promise<void>;
}

export function ok(body: JsonObject = {}, afterReply?: () => void | Promise<void>): Reply {
  return afterReply
    ? { frame: encodeResponse(Status.ok, body), afterReply }
    : { frame: encodeResponse(Status.ok, body) };
}

export function fail(status: number, message: string): Reply {
  return { frame: encodeResponse(status, message) };
}
