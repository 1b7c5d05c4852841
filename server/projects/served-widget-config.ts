import type { ServedWidgetConfig } from '../../contract/widget-config.ts';
import type { WidgetConfig } from '../schemas/project.ts';

/**
 * Near-black on a light accent, white on a dark one, by WCAG relative luminance (#rrggbb).
 * Worked out here rather than in the widget, whose bytes are budgeted.
 */
export function textOnAccent(accent: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = parseInt(accent.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.18 ? '#111827' : '#ffffff';
}

export function servedWidgetConfig(config: WidgetConfig): ServedWidgetConfig {
  const { accent } = config.theme;
  return accent ? { ...config, theme: { ...config.theme, onAccent: textOnAccent(accent) } } : config;
}
