import { z } from 'zod';
import { ApiError } from '../errors.ts';
import type { FeedbackPosition } from '../store/store.ts';

/** Opaque pagination cursors: base64url JSON of the last position served. */
const PositionSchema = z.object({ createdAt: z.int().nonnegative(), id: z.string().min(1).max(64) });

export function encodeCursor(position: FeedbackPosition): string {
  return btoa(JSON.stringify(position)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string): FeedbackPosition {
  try {
    const json = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    return PositionSchema.parse(JSON.parse(json));
  } catch {
    throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this API returned.', [
      { path: 'cursor', message: 'Pass nextCursor from a previous page unchanged.' },
    ]);
  }
}
