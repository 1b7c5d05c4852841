import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FeedbackItem } from '../../server/schemas/feedback-item.ts';
import { answer, useApi, useResource } from '../api.ts';
import { FeedbackDetail } from '../components/FeedbackDetail.tsx';
import { ExportButtons } from '../components/ExportButtons.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { apiQuery, readFilters, toSearch, type InboxFilters } from '../filters.ts';
import { dateText, ratingText, ratingTone } from '../format.ts';

const PAGE_SIZE = 50;

/** A project's feedback, newest first: filters, triage one by one or in bulk, keyboard (j/k, Enter, e). */
export function Inbox() {
  const { client } = useApi();
  const { params } = useRoute();
  const { query, route } = useLocation();
  const key = params.key!;
  const filters = readFilters(query);
  const filterSearch = toSearch(filters);
  const [pages, setPages] = useState<{ items: FeedbackItem[]; nextCursor: string | null } | null>(null);
  const [selected, setSelectedState] = useState(0);
  // Read by the key handler: keys can come faster than renders.
  const selectedRef = useRef(0);
  const setSelected = (index: number) => {
    selectedRef.current = index;
    setSelectedState(index);
  };
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState('');
  const listRef = useRef<HTMLUListElement>(null);

  const list = (cursor?: string) =>
    client.v1.projects[':key'].feedback
      .$get({ param: { key }, query: { ...apiQuery(filters), limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) } as never })
      .then(answer);
  const [first, reload] = useResource(list, [key, filterSearch]);
  useEffect(() => {
    if (first.state === 'ready') {
      setPages(first.data);
      setSelected(0);
      setChecked(new Set());
    }
  }, [first]);

  const items = pages?.items ?? [];
  const openId = params.id;
  const open = (id: string) => route(`/admin/projects/${key}/feedback/${encodeURIComponent(id)}${filterSearch}`);
  const replace = (changed: FeedbackItem) =>
    setPages((p) => p && { ...p, items: p.items.map((item) => (item.id === changed.id ? changed : item)) });
  const remove = (ids: string[]) => setPages((p) => p && { ...p, items: p.items.filter((item) => !ids.includes(item.id)) });

  async function setStatus(ids: string[], status: FeedbackItem['status']) {
    for (const id of ids)
      replace(await client.v1.projects[':key'].feedback[':id'].$patch({ param: { key, id }, json: { status } }).then(answer));
    setNotice(`${ids.length === 1 ? 'One item' : `${ids.length} items`} marked ${status}.`);
  }
  async function addTag(ids: string[], tag: string) {
    for (const id of ids) {
      const item = items.find((i) => i.id === id);
      if (!item || item.tags.includes(tag)) continue;
      replace(
        await client.v1.projects[':key'].feedback[':id'].$patch({ param: { key, id }, json: { tags: [...item.tags, tag] } }).then(answer),
      );
    }
    setNotice(`Tagged ${ids.length === 1 ? 'one item' : `${ids.length} items`} “${tag}”.`);
  }
  async function erase(ids: string[]) {
    if (!confirm(`Delete ${ids.length === 1 ? 'this item' : `these ${ids.length} items`} for good?`)) return;
    for (const id of ids) await client.v1.projects[':key'].feedback[':id'].$delete({ param: { key, id } }).then(answer);
    remove(ids);
    setChecked(new Set());
    setNotice(`${ids.length === 1 ? 'One item' : `${ids.length} items`} deleted.`);
    if (openId && ids.includes(openId)) route(`/admin/projects/${key}/feedback${filterSearch}`);
  }

  // j/k move, Enter opens, e resolves: only while the focus is not in a field.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (event.metaKey || event.ctrlKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const current = items[selectedRef.current];
      if (event.key === 'j' || event.key === 'k') {
        const next = Math.max(0, Math.min(items.length - 1, selectedRef.current + (event.key === 'j' ? 1 : -1)));
        setSelected(next);
        listRef.current?.querySelectorAll<HTMLElement>('.item-open')[next]?.focus();
        event.preventDefault();
      } else if (event.key === 'Enter' && current && target.tagName !== 'BUTTON' && target.tagName !== 'A') {
        open(current.id);
      } else if (event.key === 'e' && current) {
        void setStatus([current.id], current.status === 'resolved' ? 'read' : 'resolved');
      }
    }
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  function applyFilters(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const next: InboxFilters = {};
    for (const [name, value] of data) if (typeof value === 'string' && value.trim()) next[name as keyof InboxFilters] = value.trim();
    route(`/admin/projects/${key}/feedback${toSearch(next)}`);
  }

  const checkedIds = [...checked].filter((id) => items.some((item) => item.id === id));
  return (
    <section class="inbox">
      <h1>Inbox</h1>
      <form class="filters" onSubmit={applyFilters} aria-label="Filters">
        <label>
          Period
          <select name="days" value={filters.days ?? ''}>
            <option value="">All time</option>
            <option value="1">Last 24 hours</option>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
          </select>
        </label>
        <label>
          Rating from
          <input name="ratingMin" type="number" min="0" max="10" inputMode="numeric" value={filters.ratingMin ?? ''} />
        </label>
        <label>
          to
          <input name="ratingMax" type="number" min="0" max="10" inputMode="numeric" value={filters.ratingMax ?? ''} />
        </label>
        <label>
          Category
          <input name="category" value={filters.category ?? ''} />
        </label>
        <label>
          Page
          <input name="page" placeholder="https://shop.example/checkout*" value={filters.page ?? ''} />
        </label>
        <label>
          Status
          <select name="status" value={filters.status ?? ''}>
            <option value="">Any</option>
            <option value="new">Unread</option>
            <option value="read">Read</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        <label class="check">
          <input name="hasComment" type="checkbox" value="true" checked={filters.hasComment === 'true'} />
          With a comment
        </label>
        <label class="search">
          Search comments and answers
          <input name="q" type="search" value={filters.q ?? ''} />
        </label>
        <button type="submit">Apply</button>
      </form>
      <div class="toolbar">
        <ExportButtons projectKey={key} query={apiQuery(filters)} />
        <p role="status" class="notice">
          {notice}
        </p>
      </div>
      {checkedIds.length > 0 && (
        <div class="bulk" role="group" aria-label="Selected items">
          <span>{checkedIds.length} selected</span>
          <button type="button" onClick={() => void setStatus(checkedIds, 'resolved')}>
            Resolve
          </button>
          <button
            type="button"
            onClick={() => {
              const tag = prompt('Tag the selected items with:')?.trim();
              if (tag) void addTag(checkedIds, tag);
            }}
          >
            Tag…
          </button>
          <button type="button" class="danger" onClick={() => void erase(checkedIds)}>
            Delete
          </button>
        </div>
      )}
      <div class="inbox-body">
        <Loaded resource={first} retry={reload}>
          {() =>
            items.length === 0 ? (
              <Empty>
                {filterSearch ? 'No feedback matches these filters.' : 'No feedback yet. Once the widget is on your site, it arrives here.'}
              </Empty>
            ) : (
              <div>
                <ul class="items" ref={listRef} aria-label="Feedback">
                  {items.map((item, index) => (
                    <li
                      class={`item ${item.status}${index === selected ? ' selected' : ''}${item.id === openId ? ' open' : ''}`}
                      key={item.id}
                    >
                      <input
                        type="checkbox"
                        aria-label={`Select feedback from ${dateText(item.createdAt)}`}
                        checked={checked.has(item.id)}
                        onChange={(event) => {
                          const next = new Set(checked);
                          if ((event.target as HTMLInputElement).checked) next.add(item.id);
                          else next.delete(item.id);
                          setChecked(next);
                        }}
                      />
                      <button type="button" class="item-open" onClick={() => open(item.id)} onFocus={() => setSelected(index)}>
                        <span class={`rating tone-${ratingTone(item.rating)}`}>{ratingText(item.rating)}</span>
                        {(item.comment !== null || !item.followUp) && <span class="comment">{item.comment ?? 'No comment'}</span>}
                        {item.followUp && (
                          <span class="answer">
                            <span class="answer-label">Follow-up:</span> {item.followUp.answer}
                          </span>
                        )}
                        <span class="meta">
                          {item.status === 'new' ? 'Unread · ' : item.status === 'resolved' ? 'Resolved · ' : ''}
                          {dateText(item.createdAt)} ·{' '}
                          {item.page.verified ? (item.page.title ?? item.page.url) : `Unverified page ${item.page.url}`}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
                {pages?.nextCursor && (
                  <button
                    type="button"
                    class="more"
                    onClick={async () => {
                      const more = await list(pages.nextCursor!);
                      setPages({ items: [...items, ...more.items], nextCursor: more.nextCursor });
                    }}
                  >
                    Show more
                  </button>
                )}
              </div>
            )
          }
        </Loaded>
        {openId && (
          <FeedbackDetail
            projectKey={key}
            id={openId}
            known={items.find((item) => item.id === openId)}
            onChange={replace}
            onResolve={(item) => void setStatus([item.id], item.status === 'resolved' ? 'read' : 'resolved')}
            onDelete={(item) => void erase([item.id])}
            onClose={() => route(`/admin/projects/${key}/feedback${filterSearch}`)}
          />
        )}
      </div>
    </section>
  );
}
