import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ERRORS, type ErrorBody } from '../../contract/errors.ts';
import { ApiError, projectNotFound } from '../../server/errors.ts';
import { ErrorBodySchema } from '../../server/schemas/error.ts';

describe('the error catalogue', () => {
  it('is what /openapi.json’s ErrorBody describes', () => {
    // Type-level: tsc fails here when the schema and ErrorBody drift apart, either way.
    expectTypeOf<z.output<typeof ErrorBodySchema>>().toExtend<ErrorBody>();
    expectTypeOf<ErrorBody>().toExtend<z.output<typeof ErrorBodySchema>>();
    expect(ErrorBodySchema.shape.error.shape.code.options).toEqual(Object.keys(ERRORS));
  });

  it.each(Object.entries(ERRORS))('%s is a snake_case code with an error status', (code, { status }) => {
    expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
  });

  it('gives an ApiError its status from the catalogue, another only where the catalogue lists it', () => {
    expect(new ApiError('too_soon', 'Wait.').status).toBe(425);
    expect(new ApiError('turnstile_not_configured', 'No keys.').status).toBe(503);
    expect(new ApiError('turnstile_not_configured', 'No keys.', { status: 400 }).status).toBe(400);
    // Type-level: a misspelt code, or a status the catalogue does not give the code, fails tsc.
    expectTypeOf<'projetc_not_found'>().not.toExtend<ConstructorParameters<typeof ApiError>[0]>();
    expectTypeOf<400>().not.toExtend<NonNullable<ConstructorParameters<typeof ApiError<'too_soon'>>[2]>['status']>();
    expectTypeOf<400>().toExtend<NonNullable<ConstructorParameters<typeof ApiError<'turnstile_not_configured'>>[2]>['status']>();
  });

  it('builds project_not_found in one place, naming what the route looks for', () => {
    const bodies = [projectNotFound(), projectNotFound(true)].map((error) => [error.status, error.body()]);
    expect(bodies).toEqual([
      [404, { error: { code: 'project_not_found', message: 'No project has this key.' } }],
      [404, { error: { code: 'project_not_found', message: 'No enabled project has this key.' } }],
    ]);
  });
});
