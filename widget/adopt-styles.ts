/**
 * Adds CSS to a shadow root as a constructed stylesheet: those are not subject to the page's
 * style-src CSP, unlike a <style> element, so the widget works without 'unsafe-inline'.
 * Every browser since spring 2023 has them (Safari 16.4, Firefox 101, Chrome 99), and no
 * fallback is carried: the loader's bytes are budgeted.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets.push(sheet);
}
