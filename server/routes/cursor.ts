import { z } from 'zod';
import { fromBase64Url, toBase64Url } from '../encoding.ts';
import { ApiError } from '../errors.ts';
import { exactText } from '../schemas/text.ts';
import type { FeedbackPosition } from '../store/store.ts';

/** Opaque pagination cursors: base64url JSON of the last position served. */
const PositionSchema = z.object({ createdAt: z.int().nonnegative(), id: exactText().min(1).max(64) });

export function encodeCursor(position: FeedbackPosition): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(position)));
}

export function decodeCursor(cursor: string): FeedbackPosition {
  try {
    return PositionSchema.parse(JSON.parse(new TextDecoder().decode(fromBase64Url(cursor))));
  } catch {
    throw new ApiError('invalid_cursor', 'The cursor is not one this API returned.', {
      issues: [{ path: 'cursor', message: 'Pass nextCursor from a previous page unchanged.' }],
    });
  }
}
