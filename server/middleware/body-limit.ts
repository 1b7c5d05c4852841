import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, incompleteBody } from '../errors.ts';

/**
 * Refuses bodies over `maxBytes`. Hono's bodyLimit counts a chunked body as it streams; but it
 * reads `c.req.raw.body` first, which on Node builds a whole web Request even when a
 * Content-Length settles the question (measured: ~15% of ingest CPU). So a declared length is
 * judged here and only bodies without one go through Hono's streaming check.
 */
export function limitBody(maxBytes: number) {
  const tooLarge = () => {
    throw new ApiError('payload_too_large', `The body is larger than ${maxBytes} bytes.`);
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return createMiddleware(async function limitBody(c, next) {
    const declared = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    // A GET or HEAD with neither header has no body (fetch forbids one; HTTP/1.1 needs a header to
    // send one): nothing to count, and no web Request to build for the admin API's reads.
    if (declared === undefined && !chunked && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    if (declared === undefined || chunked) {
      // Hono's check reads the whole body before `next`: a read that fails there is a client gone mid-body.
      let read = false;
      try {
        return await streaming(c, async () => {
          read = true;
          await next();
        });
      } catch (error) {
        throw read || error instanceof ApiError ? error : incompleteBody();
      }
    }
    if (!/^\d+$/.test(declared)) throw new ApiError('invalid_content_length', 'Content-Length must be a number of bytes.');
    if (Number(declared) > maxBytes) tooLarge();
    await next();
  });
}
