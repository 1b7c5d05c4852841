/**
 * A five-line element builder instead of Preact for the form: the form is drawn once and then
 * changes in a few known places, so a virtual DOM would cost ~4.2 KB gzipped (measured in this
 * bundle) of the widget's 10 KB budget and buy nothing.
 */
type Child = Node | string | false | null | undefined;

/**
 * `h('input', { type: 'radio', 'aria-label': 'x', onchange })`: keys with a dash (and `role`)
 * become attributes, `on…` keys listeners, the rest element properties; false and null are skipped.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value as EventListener);
    else if (key.includes('-') || key === 'role') element.setAttribute(key, String(value));
    else (element as unknown as Record<string, unknown>)[key] = value;
  }
  element.append(...(children.flat().filter(Boolean) as (Node | string)[]));
  return element;
}
