import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchRouteChanges } from '../../../widget/triggers/route-changes.ts';

/** Moves the URL as the browser does on back/forward or a typed fragment: not through the page's `history` methods. */
const moveTo = (url: string) => History.prototype.replaceState.call(history, null, '', url);
const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('watching route changes', () => {
  let stop = () => {};
  let seen: string[];
  const watch = () => (stop = watchRouteChanges(() => seen.push(location.pathname + location.search + location.hash)));

  beforeEach(() => {
    seen = [];
    moveTo('/');
  });
  afterEach(() => {
    stop();
    delete (window as { navigation?: unknown }).navigation;
  });

  it('reports each pushState and replaceState once the app’s call has returned', async () => {
    watch();
    history.pushState({ step: 1 }, '', '/pricing');
    expect(seen).toEqual([]); // nothing of ours runs inside the app's navigation
    await settle();
    history.replaceState(null, '', '/pricing?plan=pro');
    await settle();
    expect(seen).toEqual(['/pricing', '/pricing?plan=pro']);
    expect(location.pathname).toBe('/pricing');
    expect(history.state).toBe(null);
  });

  it('reports back and forward (popstate) and fragment changes (hashchange)', () => {
    watch();
    moveTo('/docs');
    dispatchEvent(new PopStateEvent('popstate'));
    moveTo('/docs#/start');
    dispatchEvent(new HashChangeEvent('hashchange'));
    expect(seen).toEqual(['/docs', '/docs#/start']);
  });

  it('reports a change announced several ways once, and a state-only push not at all', async () => {
    const navigation = new EventTarget();
    Object.assign(window, { navigation });
    watch();
    history.pushState(null, '', '/#/pricing');
    // Chromium announces this one by the Navigation API as well, and a back by popstate and hashchange.
    navigation.dispatchEvent(new Event('currententrychange'));
    await settle();
    dispatchEvent(new HashChangeEvent('hashchange'));
    history.pushState({ scrolled: 200 }, '');
    await settle();
    expect(seen).toEqual(['/#/pricing']);
  });

  it('sees navigations by a pushState the app kept from before the watch, where the Navigation API exists', () => {
    const navigation = new EventTarget();
    Object.assign(window, { navigation });
    const push = history.pushState.bind(history);
    watch();
    push(null, '', '/settings');
    navigation.dispatchEvent(new Event('currententrychange'));
    expect(seen).toEqual(['/settings']);
  });

  it('leaves history as it found it once stopped, and reports nothing more', async () => {
    watch();
    expect(history.pushState).not.toBe(History.prototype.pushState);
    stop();
    expect(Object.prototype.hasOwnProperty.call(history, 'pushState')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(history, 'replaceState')).toBe(false);
    history.pushState(null, '', '/later');
    dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(seen).toEqual([]);
    expect(location.pathname).toBe('/later');
  });

  it('keeps a library’s wrapper working whether it wrapped history before or after the watch', async () => {
    const calls: string[] = [];
    const wrap = (name: 'pushState' | 'replaceState', tag: string) => {
      const inner = history[name];
      const outer: History['pushState'] = function (this: History, ...args) {
        calls.push(tag);
        return inner.apply(this, args);
      };
      history[name] = outer;
      return outer;
    };
    const before = wrap('pushState', 'before');
    watch();
    const after = wrap('pushState', 'after');
    history.pushState(null, '', '/one');
    await settle();
    expect(seen).toEqual(['/one']);
    stop();
    // Ours stays inside the later wrapper's chain, passing calls through, and reports nothing.
    expect(history.pushState).toBe(after);
    history.pushState(null, '', '/two');
    await settle();
    expect(seen).toEqual(['/one']);
    expect(calls).toEqual(['after', 'before', 'after', 'before']);
    expect(location.pathname).toBe('/two');
    // Without a later wrapper, the earlier one is put back as it was.
    history.pushState = before;
    watch();
    stop();
    expect(history.pushState).toBe(before);
    delete (history as Partial<History>).pushState;
  });

  it('lets a refused pushState throw to the app as it would without the widget, reporting nothing', async () => {
    watch();
    expect(() => history.pushState(null, '', 'https://elsewhere.example/')).toThrow();
    await settle();
    expect(seen).toEqual([]);
  });
});
