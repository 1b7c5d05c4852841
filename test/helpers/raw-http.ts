import { connect } from 'node:net';

/** How a raw request ends: honestly framed, or lying about its length and then cut off. */
export type RawFraming =
  | { kind: 'length' }
  | { kind: 'chunked'; chunkSize: number }
  /** Declares `extra` more bytes than it sends, then half-closes the socket (FIN) or drops it (`reset`) after `afterMs`. */
  | { kind: 'short'; extra: number; end: 'half-close' | 'reset'; afterMs: number };

export interface RawRequest {
  method: string;
  path: string;
  /** Sent as given (no Content-Type unless set here); framing headers are added from `framing`. */
  headers: Record<string, string>;
  body: Uint8Array;
  framing: RawFraming;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The bytes of an HTTP/1.1 request, framed (or misframed) as `framing` says; `Connection: close` ends the answer. */
export function rawRequestBytes({ method, path, headers, body, framing }: RawRequest): Buffer {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  if (framing.kind === 'chunked') {
    const parts: Uint8Array[] = [];
    for (let at = 0; at < body.length; at += framing.chunkSize) {
      const chunk = body.subarray(at, at + framing.chunkSize);
      parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    }
    return Buffer.concat([Buffer.from([...lines, 'Transfer-Encoding: chunked', '', ''].join('\r\n')), ...parts, Buffer.from('0\r\n\r\n')]);
  }
  const declared = body.length + (framing.kind === 'short' ? framing.extra : 0);
  return Buffer.concat([Buffer.from([...lines, `Content-Length: ${declared}`, '', ''].join('\r\n')), body]);
}

/**
 * Sends a request on a fresh loopback connection and reads the answer until the server closes
 * it; null when the server closed without answering. Write errors after the server answered
 * (it may refuse before reading everything) are not failures.
 */
export function sendRaw(port: number, request: RawRequest): Promise<RawResponse | null> {
  const { framing } = request;
  return sendRawBytes(
    port,
    rawRequestBytes(request),
    framing.kind === 'short' ? { how: framing.end, afterMs: framing.afterMs } : undefined,
  );
}

/** As sendRaw, with the bytes as given (HTTP or not); `end` half-closes or drops the connection after `afterMs`. */
export function sendRawBytes(
  port: number,
  bytes: Uint8Array,
  end?: { how: 'half-close' | 'reset'; afterMs: number },
): Promise<RawResponse | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', () => {});
    socket.on('close', () => resolve(parseResponse(Buffer.concat(received))));
    socket.write(bytes);
    if (end) setTimeout(() => (end.how === 'half-close' ? socket.end() : socket.destroy()), end.afterMs);
  });
}

function parseResponse(raw: Buffer): RawResponse | null {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const [statusLine, ...headerLines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  let body = raw.subarray(headEnd + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < raw.length;) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
