import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigSource } from '../../../widget/config.ts';
import '../../../widget/triggers/index.ts';

/** Moves the URL as the browser does on back/forward: not through the page's `history` methods. */
const moveTo = (url: string) => History.prototype.replaceState.call(history, null, '', url);
/** The app navigates, then its microtasks run (where the widget hears of it). */
const navigate = async (url: string) => {
  history.pushState(null, '', url);
  await vi.advanceTimersByTimeAsync(0);
};

describe('triggers in a single-page app', () => {
  let disarm = () => {};
  let opened: number;
  /** Arms the triggers bundle as the loader does, with these data- attributes. */
  const arm = (dataset: Record<string, string>) => {
    const source: ConfigSource = { script: { src: 'https://heed.example/widget.js', dataset }, init: {} };
    disarm = window.__heedTriggers!('pk_spa', source, () => opened++);
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    localStorage.clear();
    moveTo('/');
    opened = 0;
  });
  afterEach(() => {
    disarm();
    vi.useRealTimers();
  });

  it('opens on a route data-match names, its seconds counted from the route change', async () => {
    arm({ openAfter: '2', match: '/pricing*' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(opened).toBe(0);
    await navigate('/pricing/teams');
    // The page has been open 10 s: counted from its start, the form would open at once.
    await vi.advanceTimersByTimeAsync(1900);
    expect(opened).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(opened).toBe(1);
  });

  it('cancels the timer of a route left before it fired, and counts afresh on coming back', async () => {
    moveTo('/pricing');
    arm({ openAfter: '2', match: '/pricing*' });
    await vi.advanceTimersByTimeAsync(1500);
    await navigate('/blog');
    await vi.advanceTimersByTimeAsync(5000);
    expect(opened).toBe(0);
    moveTo('/pricing');
    dispatchEvent(new PopStateEvent('popstate')); // the back button
    await vi.advanceTimersByTimeAsync(1500);
    expect(opened).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(opened).toBe(1);
  });

  it('follows a hash-routed app, whose routes data-match can name', async () => {
    arm({ openAfter: '1', match: '/#/pricing*' });
    moveTo('/#faq'); // a place on the page, not a route
    dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.advanceTimersByTimeAsync(3000);
    expect(opened).toBe(0);
    moveTo('/#/pricing');
    dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toBe(1);
  });

  it('starts nothing over when only the query changes, unless data-match names the query', async () => {
    moveTo('/search');
    arm({ openAfter: '2' });
    await vi.advanceTimersByTimeAsync(1500);
    // Search as you type: the app rewrites the query with every key.
    for (const q of ['s', 'sh', 'sho']) {
      history.replaceState(null, '', `/search?q=${q}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(200);
    expect(opened).toBe(1); // 2 s after the page's start, not after the last key
    disarm();
    opened = 0;
    moveTo('/app');
    arm({ openAfter: '1', match: '/app?view=pricing*' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(opened).toBe(0);
    await navigate('/app?view=pricing');
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toBe(1);
  });

  it('opens once per page view: again on a new route, never during the cooldown', async () => {
    arm({ openAfter: '1', cooldown: '7' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toBe(1);
    await navigate('/?tab=2');
    await navigate('/#reviews');
    await vi.advanceTimersByTimeAsync(5000);
    expect(opened).toBe(1); // the same page view
    await navigate('/pricing');
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toBe(2);
    dispatchEvent(new Event('heed:close')); // dismissed
    await navigate('/docs');
    await vi.advanceTimersByTimeAsync(5000);
    expect(opened).toBe(2);
  });

  it('measures the scroll of the new route, and draws the sample once per visitor', async () => {
    let top = 0;
    vi.spyOn(document.documentElement, 'scrollHeight', 'get').mockReturnValue(innerHeight + 1000);
    vi.spyOn(window, 'scrollY', 'get').mockImplementation(() => top);
    const scrollTo = (y: number) => ((top = y), dispatchEvent(new Event('scroll')));
    localStorage.setItem('heed:sample:pk_spa', '10'); // this visitor's draw
    arm({ openOnScroll: '50', match: '/guide/*', sample: '50' });
    scrollTo(900);
    expect(opened).toBe(0);
    await navigate('/guide/start');
    scrollTo(0);
    scrollTo(400);
    expect(opened).toBe(0);
    scrollTo(600);
    expect(opened).toBe(1);
    disarm();
    localStorage.setItem('heed:sample:pk_spa', '90');
    opened = 0;
    moveTo('/');
    arm({ openOnScroll: '50', match: '/guide/*', sample: '50' });
    await navigate('/guide/next');
    scrollTo(900);
    expect(opened).toBe(0);
    vi.restoreAllMocks();
  });

  it('stops following routes once disarmed (Heed("destroy")), handing history back', async () => {
    arm({ openAfter: '1', match: '/pricing' });
    disarm();
    expect(Object.prototype.hasOwnProperty.call(history, 'pushState')).toBe(false);
    await navigate('/pricing');
    await vi.advanceTimersByTimeAsync(3000);
    expect(opened).toBe(0);
  });
});
