import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.ts';

/** Hono's bodyLimit (it counts chunked bodies as they stream too) with our error shape. */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`);
    },
  });
}
