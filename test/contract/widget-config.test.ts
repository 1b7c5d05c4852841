import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { DEFAULT_WIDGET_CONFIG, type WidgetConfig, type WidgetConfigResponse } from '../../contract/widget-config.ts';
import { WidgetConfigResponseSchema, WidgetConfigSchema } from '../../server/schemas/project.ts';

describe('the widget config contract', () => {
  it('is the type the server’s schemas give', () => {
    // Type-level: tsc fails here when a schema and its contract type drift apart, either way.
    expectTypeOf<z.output<typeof WidgetConfigSchema>>().toExtend<WidgetConfig>();
    expectTypeOf<WidgetConfig>().toExtend<z.output<typeof WidgetConfigSchema>>();
    expectTypeOf<z.output<typeof WidgetConfigResponseSchema>>().toExtend<WidgetConfigResponse>();
    expectTypeOf<WidgetConfigResponse>().toExtend<z.output<typeof WidgetConfigResponseSchema>>();
  });

  it('gives the schema its defaults, as copies: a stored config never shares an object with them', () => {
    const parsed = WidgetConfigSchema.parse({});
    expect(parsed).toEqual(DEFAULT_WIDGET_CONFIG);
    parsed.theme.accent = '#000000';
    parsed.categories.push('Bug');
    expect(DEFAULT_WIDGET_CONFIG.theme).toEqual({ mode: 'auto' });
    expect(DEFAULT_WIDGET_CONFIG.categories).toEqual([]);
  });
});
