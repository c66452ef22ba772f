/**
 * Before the client connects (and long before any password): is a Parley server at this
 * address? A Parley server answers any request but register and login, before login, with
 * `[401]`; anything else (silence, HTTP, SSH's banner, a closed socket) is not one. The answers
 * are plain sentences, the same in the app's connect dialog and the terminal.
 */
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ServerAddress } from '../../src-shared/api/index.js';
import { NO_STATUS, ParleyError } from './parley-error.js';

/**
 * Resolves when a Parley server answers at the address; rejects with a ParleyError saying what is
 * there instead. With `secure`, over TLS, trusting any certificate: the probe sends no credentials,
 * and the client checks the certificate when it connects for real.
 */
export function probeServer({ host, port }: ServerAddress, timeoutMs: number, secure = false): Promise<void> {
  const where = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tlsConnect({ host, port, minVersion: 'TLSv1.3', rejectUnauthorized: false })
      : connect({ host, port });
    let received = '';
    let settled = false;
    const settle = (error?: ParleyError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        socket.end();
        resolve();
      }
    };
    const fail = (message: string): void => settle(new ParleyError(NO_STATUS, message));
    const timer = setTimeout(() => {
      fail(
        received === '' && socket.connecting
          ? `${where} did not answer in time. Check the address and your network.`
          : `${where} did not answer like a Parley server. Check the port.`,
      );
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once(secure ? 'secureConnect' : 'connect', () => socket.write('[whoelse] {}\n'));
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (!received.includes('\n') && received.length < 64) return;
      if (received.startsWith('[401] ')) settle();
      else if (received.startsWith('[400] this server speaks TLS only'))
        fail(`The server at ${where} speaks TLS only: connect to it with TLS.`);
      else if (received.startsWith('[503] '))
        fail(`The server at ${where} is full or shutting down. Try again later.`);
      else fail(`${where} is not a Parley server. Check the port.`);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (secure && /wrong version number|packet length too long/i.test(error.message)) {
        fail(
          `${where} does not speak TLS, so no password will be sent to it over the network. Ask its owner to turn TLS on.`,
        );
        return;
      }
      fail(sentenceFor(error, host, where));
    });
    socket.once('close', () => {
      fail(`${where} closed the connection without answering like a Parley server. Check the port.`);
    });
  });
}

function sentenceFor(error: NodeJS.ErrnoException, host: string, where: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Nothing is listening at ${where}. Check the address and that the server is running.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name ${host} could not be found. Check the address.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} can't be reached from this computer. Check the address and your network.`;
    default:
      return `Cannot reach ${where} (${error.message}).`;
  }
}
