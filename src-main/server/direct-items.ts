/**
 * The push frames of a direct stream's items other than a plain message (protocol 1.2): a reply,
 * an edit, a delete, a reaction, a read receipt. Each is stored like a message (id, sender, text,
 * ts) with its route and its own fields as JSON in `extra`.
 */
import { encodeRoute, type JsonObject } from '../../src-shared/protocol/index.js';

export interface DirectItem {
  readonly seq: number;
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly ts: number;
  readonly route: string;
  readonly extra: string | null | undefined;
}

export function directItemFrame(item: DirectItem, offline: boolean): string {
  const { seq, id, from, text, ts, route } = item;
  const extra = typeof item.extra === 'string' ? (JSON.parse(item.extra) as JsonObject) : {};
  let body: JsonObject;
  switch (route) {
    case 'message':
      body = { id, seq, from, text, ts, ...extra };
      break;
    case 'edit':
      body = { seq, id, from, text, ts };
      break;
    case 'delete':
      body = { seq, id, from, ts };
      break;
    case 'reaction':
      body = { seq, id, from, ...extra, ts };
      break;
    case 'read':
      body = { seq, from, ...extra, ts };
      break;
    default:
      body = { seq, id, from, ts, ...extra };
  }
  if (offline) body.offline = true;
  return encodeRoute(route, body);
}
