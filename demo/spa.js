// Runs in the browser (the lint config gives .js files Node's globals).
/* global document, location, history, HTMLTemplateElement, scrollTo, addEventListener */

// A single-page app in a few lines, as frameworks' routers do it: links move the URL with
// history.pushState and the view is drawn in place; back, forward and hash links are followed.
// The view is named in the query (`?view=pricing`), or by an old hash link (`#/pricing`).

const viewName = () => {
  const name = /^#\/(\w+)/.exec(location.hash)?.[1] ?? new URLSearchParams(location.search).get('view') ?? 'product';
  return document.getElementById(name) instanceof HTMLTemplateElement ? name : 'product';
};

function render() {
  const name = viewName();
  const view = document.getElementById(name);
  document.title = view.dataset.title;
  document.getElementById('view').replaceChildren(view.content.cloneNode(true));
  for (const link of document.querySelectorAll('nav [data-view]')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-view]');
  // A new tab or window (modifier keys, middle button) loads the page as usual.
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  if (link.href !== location.href) history.pushState(null, '', link.href);
  render();
  scrollTo(0, 0);
  document.getElementById('view').focus({ preventScroll: true });
});
addEventListener('popstate', render);
addEventListener('hashchange', render);
addEventListener('DOMContentLoaded', render);
