import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERRORS, type ErrorBody } from '../../contract/errors.ts';

/** Node's parser errors, as the reason phrase and API error they get (the status is the code's). */
function refusalOf(code: string | undefined): [reason: string, body: ErrorBody['error']] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return ['Request Header Fields Too Large', { code: 'headers_too_large', message: 'The request head is over 16 KiB.' }];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return ['Request Timeout', { code: 'request_timeout', message: 'The request did not arrive in time.' }];
    default:
      return [
        'Bad Request',
        { code: 'malformed_request', message: 'The request is not valid HTTP/1.1 (or its body ended before its declared length).' },
      ];
  }
}

/**
 * Requests that Node's HTTP parser refuses before the app sees them (a broken head, a head over
 * 16 KiB, a body cut short by a half-close) get Node's bare 400 with no body by default; this
 * answers them in the API's error shape, so that every refusal a client meets can be read the same way.
 */
export function answerClientErrorsInApiShape(server: Pick<Server, 'on'>): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    // As Node's own handler: nothing to say to a gone client, or once an answer has begun
    // (`_httpMessage` is the response under way on this socket; Node has no public name for it).
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
      socket.destroy();
      return;
    }
    const [reason, body] = refusalOf(error.code);
    const status = ERRORS[body.code].status;
    const json = JSON.stringify({ error: body } satisfies ErrorBody);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
