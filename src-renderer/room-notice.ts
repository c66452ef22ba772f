/** A room's quiet timeline line (join, leave, kick, topic) in words; names stay network text. */
import type { RoomNotice } from '../src-shared/api/index.js';

export function noticeWords(notice: RoomNotice): string {
  if (notice.type === 'topic') {
    return notice.topic === undefined ? 'The topic changed' : `Topic: ${notice.topic}`;
  }
  if (notice.change === 'join') return `${notice.user} joined`;
  if (notice.change === 'leave') return `${notice.user} left`;
  return notice.by === undefined
    ? `${notice.user} was removed`
    : `${notice.user} was removed by ${notice.by}`;
}
