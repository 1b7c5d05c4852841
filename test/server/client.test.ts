import type { InferRequestType, InferResponseType } from 'hono/client';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Client } from '../../server/client.ts';
import { adminRoute, jsonResponse } from '../../server/routes/api-router.ts';
import type { NewProjectSchema, ProjectSchema } from '../../server/schemas/project.ts';
import type { Store } from '../../server/store/store.ts';

// Checked by `tsc --noEmit`: a route whose path widens to `string` would collapse the whole tree to `/v1/${string}`.
describe('the typed client', () => {
  it('keeps the literal path of an admin route', () => {
    const route = adminRoute({} as Store, 'read', {
      method: 'get',
      path: '/projects/{key}',
      responses: { 200: jsonResponse(z.object({}), 'Nothing.') },
    });
    expectTypeOf(route.path).toEqualTypeOf<'/projects/{key}'>();
  });

  it('carries every admin route by path, with typed inputs and answers', () => {
    type Routes<T> = Exclude<keyof T, '$url' | '$path'>;
    expectTypeOf<Routes<Client['v1']>>().toEqualTypeOf<'projects' | 'tokens'>();
    expectTypeOf<Routes<Client['v1']['projects']>>().toEqualTypeOf<':key' | '$get' | '$post'>();
    expectTypeOf<Routes<Client['v1']['projects'][':key']>>().toEqualTypeOf<
      '$get' | '$patch' | 'rotate-key' | 'feedback' | 'feedback.csv' | 'feedback.ndjson' | 'stats' | 'themes' | 'destinations'
    >();
    expectTypeOf<Routes<Client['v1']['projects'][':key']['destinations'][':id']>>().toEqualTypeOf<
      '$patch' | '$delete' | 'test' | 'messages'
    >();
    expectTypeOf<Routes<Client['v1']['projects'][':key']['feedback']>>().toEqualTypeOf<'$get' | '$delete' | ':id'>();
    expectTypeOf<Routes<Client['v1']['projects'][':key']['feedback'][':id']>>().toEqualTypeOf<'$get' | '$patch' | '$delete'>();
    expectTypeOf<Routes<Client['v1']['tokens']>>().toEqualTypeOf<'$get' | '$post' | ':id'>();
    expectTypeOf<Routes<Client['v1']['tokens'][':id']>>().toEqualTypeOf<'$delete'>();

    expectTypeOf<InferRequestType<Client['v1']['projects']['$post']>>().toEqualTypeOf<{ json: z.input<typeof NewProjectSchema> }>();
    expectTypeOf<InferResponseType<Client['v1']['projects'][':key']['$get'], 200>>().toEqualTypeOf<z.output<typeof ProjectSchema>>();
  });
});
