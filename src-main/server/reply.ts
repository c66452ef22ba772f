/** What a handler returns: the response, and optionally work to do right after it is sent. */
import { encodeResponse, Status, type JsonObject } from '../../src-shared/protocol/index.js';

export type Reply = ImmediateReply | typeof REPLY_RESERVED;

export interface ImmediateReply {
  readonly frame: string;
  readonly afterReply?: () => void | Promise<void>;
}

/** The handler reserved its response with `session.reserveReply()` and fills it later. */
export const REPLY_RESERVED = Object.freeze({ reserved: true as const });

export function ok(body: JsonObject = {}, afterReply?: () => void | Promise<void>): Reply {
  return afterReply
    ? { frame: encodeResponse(Status.ok, body), afterReply }
    : { frame: encodeResponse(Status.ok, body) };
}

export function fail(status: number, message: string): Reply {
  return { frame: encodeResponse(status, message) };
}
