/**
 * Carries file frames over a private chat's frame channel: out as route frames without an answer,
 * in from the channel's route frames (file routes only; the chat handles the rest).
 */
import { encodeRoute, isFileRoute, type RouteFrame } from '../../../src-shared/protocol/index.js';
import type { FrameChannel } from '../frame-channel.js';
import type { FileLink, FileTransfers } from './file-transfers.js';

export function fileLinkOver(channel: FrameChannel): FileLink {
  return {
    send(route, body) {
      if (!channel.closed) channel.socket.write(encodeRoute(route, body));
    },
  };
}

/** Hands a file frame to `transfers`; returns false for any other route. */
export function takeFileFrame(transfers: FileTransfers, frame: RouteFrame): boolean {
  if (!isFileRoute(frame.route)) return false;
  transfers.handle(frame.route, frame.body);
  return true;
}
