import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TokenIdParamSchema } from '../../server/schemas/admin-token.ts';
import { DestinationChangesSchema } from '../../server/schemas/destination.ts';
import { FeedbackChangesSchema } from '../../server/schemas/feedback-item.ts';
import { FeedbackInputSchema } from '../../server/schemas/feedback.ts';
import { NewProjectSchema, ProjectChangesSchema } from '../../server/schemas/project.ts';
import {
  arbitraryOf,
  heedDomain,
  openApiDocumentOf,
  operationsOf,
  PATTERN_VALUES,
  type JsonSchema,
  type OpenApiDocument,
} from '../helpers/openapi-arbitraries.ts';
import { createTestApp } from '../helpers/test-app.ts';

const sample = (schema: JsonSchema, components?: Record<string, JsonSchema>) =>
  fc.sample(arbitraryOf(schema, { components, domain: heedDomain }), { numRuns: 300, seed: 42 });

describe('JSON Schema to fast-check', () => {
  it('keeps enum, const, bounds, lengths and nullable type arrays', () => {
    for (const value of sample({ type: 'string', enum: ['a', 'b'] })) expect(['a', 'b']).toContain(value);
    for (const value of sample({ const: 7 })) expect(value).toBe(7);
    for (const value of sample({ type: 'integer', minimum: -3, maximum: 9 }))
      expect(Number.isInteger(value) && (value as number) >= -3 && (value as number) <= 9).toBe(true);
    for (const value of sample({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }))
      expect(Number.isSafeInteger(value)).toBe(true);
    for (const value of sample({ type: 'number', minimum: 0.5, maximum: 2 }))
      expect((value as number) >= 0.5 && (value as number) <= 2).toBe(true);
    for (const value of sample({ type: 'string', minLength: 3, maxLength: 5 })) {
      expect((value as string).length).toBeGreaterThanOrEqual(3);
      expect((value as string).length).toBeLessThanOrEqual(5);
      expect((value as string).trim()).toBe(value);
    }
    const nullable = sample({ type: ['integer', 'null'], minimum: 1, maximum: 2 });
    expect(nullable).toContain(null);
    for (const value of nullable) expect([null, 1, 2]).toContain(value);
  });

  it('writes the formats zod checks: uuid, email, uri, date-time, date', () => {
    const formats: [string, z.ZodType][] = [
      ['uuid', z.uuid()],
      ['email', z.email()],
      ['uri', z.url({ protocol: /^https?$/ })],
      ['date-time', z.iso.datetime()],
      ['date', z.iso.date()],
    ];
    for (const [format, check] of formats) {
      for (const value of sample({ type: 'string', format, maxLength: 254 }))
        expect(check.safeParse(value).success, `${format}: ${String(value)}`).toBe(true);
    }
  });

  it('builds objects with their required keys and no undeclared ones, arrays within their lengths, and $refs', () => {
    const components: Record<string, JsonSchema> = {
      Point: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer' } }, required: ['x'] },
    };
    const values = sample({ type: 'array', items: { $ref: '#/components/schemas/Point' }, minItems: 1, maxItems: 3 }, components) as Record<
      string,
      unknown
    >[][];
    for (const points of values) {
      expect(points.length).toBeGreaterThanOrEqual(1);
      expect(points.length).toBeLessThanOrEqual(3);
      for (const point of points) {
        expect(Number.isInteger(point.x)).toBe(true);
        expect(Object.keys(point).every((key) => key === 'x' || key === 'y')).toBe(true);
      }
    }
    // Optional keys are there most of the time, and sometimes not.
    const ys = values.flat().filter((point) => 'y' in point).length / values.flat().length;
    expect(ys).toBeGreaterThan(0.6);
    expect(ys).toBeLessThan(1);
    // All optional: a partial object, never empty, each property about half the time.
    const partial = sample({ type: 'object', properties: { a: { type: 'boolean' }, b: { type: 'boolean' } } }) as Record<string, unknown>[];
    for (const record of partial) expect(Object.keys(record).length).toBeGreaterThan(0);
    expect(partial.filter((record) => 'a' in record).length / partial.length).toBeLessThan(0.8);
    const dictionaries = sample({ type: 'object', additionalProperties: { type: 'boolean' } }) as Record<string, unknown>[];
    expect(dictionaries.some((record) => Object.keys(record).length > 0)).toBe(true);
    for (const record of dictionaries) for (const value of Object.values(record)) expect(typeof value).toBe('boolean');
    for (const value of sample({ anyOf: [{ type: 'boolean' }, { type: 'null' }] })) expect([true, false, null]).toContain(value);
    for (const value of sample({ type: 'array', items: { type: 'integer', minimum: 0, maximum: 3 }, uniqueItems: true }) as number[][]) {
      expect(new Set(value).size).toBe(value.length);
    }
  });
});

describe("values from Heed's /openapi.json", () => {
  let document: OpenApiDocument;
  beforeAll(async () => {
    const t = await createTestApp();
    try {
      document = await openApiDocumentOf(t.app);
    } finally {
      await t.cleanup();
    }
  });
  const body = (method: string, path: string): JsonSchema => {
    const found = operationsOf(document).find((entry) => entry.method === method && entry.path === path);
    const schema = found?.operation.requestBody?.content['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${path} has no JSON body in the document`);
    return schema;
  };
  /** The share of generated values the app's own schema accepts. */
  const accepted = (schema: JsonSchema, check: z.ZodType) => {
    const values = fc.sample(arbitraryOf(schema, { components: document.components?.schemas, domain: heedDomain }), {
      numRuns: 1_000,
      seed: 7,
    });
    const refused = values.map((value) => [value, check.safeParse(value)] as const).filter(([, result]) => !result.success);
    return {
      share: 1 - refused.length / values.length,
      first: refused.slice(0, 3).map(([value, result]) => [JSON.stringify(value), result.error?.issues]),
    };
  };
  it.each([
    [
      'the feedback payload (components.schemas.FeedbackPayload)',
      () => document.components!.schemas!.FeedbackPayload!,
      FeedbackInputSchema,
    ],
    ['a new project (POST /v1/projects)', () => body('POST', '/v1/projects'), NewProjectSchema],
    ['project changes (PATCH /v1/projects/{key})', () => body('PATCH', '/v1/projects/{key}'), ProjectChangesSchema],
    [
      'feedback changes (PATCH /v1/projects/{key}/feedback/{id})',
      () => body('PATCH', '/v1/projects/{key}/feedback/{id}'),
      FeedbackChangesSchema,
    ],
    [
      'destination changes (PATCH /v1/projects/{key}/destinations/{id})',
      () => body('PATCH', '/v1/projects/{key}/destinations/{id}'),
      DestinationChangesSchema,
    ],
  ] as const)('makes %s that the app’s zod schema accepts (≥ 95%%)', (_, schema, check) => {
    const { share, first } = accepted(schema(), check);
    expect(share, JSON.stringify(first, null, 1)).toBeGreaterThanOrEqual(0.95);
  });

  it('makes token ids the path parameter’s schema accepts', () => {
    const parameter = operationsOf(document)
      .find((entry) => entry.method === 'DELETE' && entry.path === '/v1/tokens/{id}')!
      .operation.parameters!.find((p) => p.name === 'id')!;
    for (const id of sample(parameter.schema!)) expect(TokenIdParamSchema.safeParse({ id }).success).toBe(true);
  });

  it('has a hand-made arbitrary for every pattern in the document, and none for a pattern it no longer has', () => {
    const patterns = new Set<string>();
    const visit = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'pattern' && typeof inner === 'string') patterns.add(inner);
          else visit(inner);
        }
      }
    };
    visit(document);
    expect([...patterns].sort()).toEqual(Object.keys(PATTERN_VALUES).sort());
  });
});
