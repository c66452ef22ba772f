/** Status codes of protocol version 1.1 and the messages the server sends with them. */
export const Status = {
  ok: 200,
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  tooLarge: 413,
  tooManyRequests: 429,
  unavailable: 503,
} as const;

export type StatusCode = (typeof Status)[keyof typeof Status];

/** Messages whose exact wording the protocol fixes (clients show them verbatim). */
export const StandardMessage = {
  wrongPassword: 'Invalid password. Please try again',
  accountLocked: 'Your account is blocked due to multiple login failures. Please try again later',
  blockedByRecipient: 'Your message could not be delivered as the recipient has blocked you',
  someRecipientsSkipped: 'Your message could not be delivered to some recipients',
  frameTooLarge: 'frame too large',
  unknownRoute: 'unknown route',
  invalidToken: 'invalid token',
  notLoggedIn: 'not logged in',
} as const;

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
