import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../../contract/errors.ts';

const CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];
const STATUSES = CODES.map((code) => `\`${code}\` ${ERRORS[code].status}`).join(', ');

/** contract/errors.ts's `ErrorBody`, as /openapi.json shows it: one `ErrorBody` component whose code lists the catalogue. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(CODES).meta({
        description: `One of contract/errors.ts's codes, each with its status: ${STATUSES}.`,
      }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string().optional().meta({ description: 'The X-Request-Id of this answer, as the server logged it.' }),
    }),
  })
  .meta({
    id: 'ErrorBody',
    description: 'Every error answer. `issues` names each invalid field (`path` dotted, empty for the whole body).',
  });
