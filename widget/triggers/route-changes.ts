/**
 * Calls `onChange` once after each URL change made without a page load: `history.pushState` and
 * `replaceState` (wrapped while watching), back and forward (`popstate`), fragment changes
 * (`hashchange`) and, where the browser has it, the Navigation API's `currententrychange` (it also
 * sees calls through a `pushState` reference the app took before we wrapped it). One change often
 * comes by two of these ways, so they are told apart by `location.href`. Returns what stops watching.
 */
export function watchRouteChanges(onChange: () => void): () => void {
  let last = location.href;
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    onChange();
  };
  const navigation = (window as { navigation?: EventTarget }).navigation;
  const events: [EventTarget | undefined, string][] = [
    [window, 'popstate'],
    [window, 'hashchange'],
    [navigation, 'currententrychange'],
  ];
  for (const [target, type] of events) target?.addEventListener(type, check);
  const unwrap = (['pushState', 'replaceState'] as const).map((name) => {
    // Usually History.prototype's method; an own property if a library wrapped it before us.
    const own = Object.prototype.hasOwnProperty.call(history, name);
    const original = history[name];
    let watching = true;
    const wrapper: History['pushState'] = function (this: History, ...args) {
      const result = original.apply(this, args);
      // After the app's call has returned: nothing of ours runs inside its navigation or can throw
      // into it, and a push then an immediate replace (a redirect) is seen once, at its end.
      if (watching) queueMicrotask(check);
      return result;
    };
    history[name] = wrapper;
    return () => {
      watching = false;
      // Wrapped again since (by the app or a library): removing ours would cut theirs out of the
      // chain, so ours stays in it, passing calls through.
      if (history[name] !== wrapper) return;
      if (own) history[name] = original;
      else delete (history as Partial<History>)[name];
    };
  });
  return () => {
    for (const [target, type] of events) target?.removeEventListener(type, check);
    for (const restore of unwrap) restore();
  };
}
