/** A failed handshake or transport message: the channel it happened on is unusable and must close. */
export class NoiseError extends Error {
  override readonly name = 'NoiseError';
}
