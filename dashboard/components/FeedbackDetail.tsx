import { useEffect, useRef, useState } from 'preact/hooks';
import type { FeedbackItem } from '../../server/schemas/feedback-item.ts';
import { answer, useApi, useResource } from '../api.ts';
import { dateText, deviceText, ratingText, ratingTone, safeHref } from '../format.ts';
import { Loaded } from './States.tsx';

interface Props {
  projectKey: string;
  id: string;
  /** The item as the list has it, if loaded there. */
  known: FeedbackItem | undefined;
  onChange: (item: FeedbackItem) => void;
  onResolve: (item: FeedbackItem) => void;
  onDelete: (item: FeedbackItem) => void;
  onClose: () => void;
}

/** One item in full; opening an unread one marks it read. Every visitor-sent string is rendered as text. */
export function FeedbackDetail({ projectKey, id, known, onChange, onResolve, onDelete, onClose }: Props) {
  const { client } = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  const [fetched, retry] = useResource(
    async () => known ?? (await client.v1.projects[':key'].feedback[':id'].$get({ param: { key: projectKey, id } }).then(answer)),
    [projectKey, id],
  );
  const [tagError, setTagError] = useState('');

  useEffect(() => {
    heading.current?.focus();
  }, [id]);
  useEffect(() => {
    if (fetched.state !== 'ready' || fetched.data.status !== 'new') return;
    void client.v1.projects[':key'].feedback[':id']
      .$patch({ param: { key: projectKey, id }, json: { status: 'read' } })
      .then(answer)
      .then(onChange);
  }, [fetched.state, id]);

  const item = (fetched.state === 'ready' && known) || (fetched.state === 'ready' ? fetched.data : undefined);
  return (
    <aside class="detail" aria-labelledby="detail-heading">
      <div class="detail-head">
        <h2 id="detail-heading" tabIndex={-1} ref={heading}>
          Feedback
        </h2>
        <button type="button" class="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <Loaded resource={fetched} retry={retry}>
        {() =>
          item && (
            <>
              <p class={`rating big tone-${ratingTone(item.rating)}`}>{ratingText(item.rating)}</p>
              <blockquote class="comment-full">{item.comment ?? 'No comment'}</blockquote>
              {item.followUp && (
                // The question as the visitor saw it, sent with the answer: visitor text too, shown as text.
                <figure class="follow-up">
                  <figcaption>
                    <span class="sub">Asked after the rating</span>
                    <span class="follow-up-question">{item.followUp.question}</span>
                  </figcaption>
                  <blockquote class="follow-up-answer">{item.followUp.answer}</blockquote>
                </figure>
              )}
              <dl class="facts">
                <dt>Received</dt>
                <dd>{dateText(item.createdAt)}</dd>
                <dt>Status</dt>
                <dd>{item.status === 'new' ? 'Unread' : item.status === 'read' ? 'Read' : 'Resolved'}</dd>
                {item.category && (
                  <>
                    <dt>Category</dt>
                    <dd>{item.category}</dd>
                  </>
                )}
                <dt>Page</dt>
                <dd>
                  {/* A link only to a page on the project's origins, labelled with its own address: the title is the visitor's words. */}
                  {item.page.verified && safeHref(item.page.url) ? (
                    <a href={safeHref(item.page.url)} target="_blank" rel="noopener noreferrer">
                      {item.page.url}
                    </a>
                  ) : (
                    <>
                      <span class="badge off">Unverified</span> {item.page.url}
                      <span class="sub">
                        Not on this project’s allowed origins: anyone with the public key can send such a page, so it is not a link.
                      </span>
                    </>
                  )}
                  {item.page.title && <span class="sub">“{item.page.title}”</span>}
                </dd>
                {item.page.referrer && (
                  <>
                    <dt>Came from</dt>
                    <dd>{item.page.referrer}</dd>
                  </>
                )}
                {item.email && (
                  <>
                    <dt>Email</dt>
                    <dd>{item.email}</dd>
                  </>
                )}
                <dt>Language</dt>
                <dd>{item.context.locale}</dd>
                <dt>Device</dt>
                <dd>
                  {deviceText(item.context.viewport)}
                  {item.context.userAgent && <span class="sub">{item.context.userAgent}</span>}
                </dd>
                {item.metadata &&
                  Object.entries(item.metadata).map(([name, value]) => (
                    <>
                      <dt>{name}</dt>
                      <dd>{String(value)}</dd>
                    </>
                  ))}
              </dl>
              <form
                class="tags"
                onSubmit={async (event) => {
                  event.preventDefault();
                  const text = String(new FormData(event.currentTarget).get('tags') ?? '');
                  const tags = text
                    .split(',')
                    .map((tag) => tag.trim())
                    .filter(Boolean);
                  try {
                    onChange(
                      await client.v1.projects[':key'].feedback[':id']
                        .$patch({ param: { key: projectKey, id }, json: { tags } })
                        .then(answer),
                    );
                    setTagError('');
                  } catch (error) {
                    setTagError((error as Error).message);
                  }
                }}
              >
                <label for="tags">Tags (comma separated)</label>
                <input id="tags" name="tags" value={item.tags.join(', ')} aria-describedby="tag-error" />
                <button type="submit">Save tags</button>
                <p id="tag-error" class="error" role="alert">
                  {tagError}
                </p>
              </form>
              <div class="actions">
                <button type="button" onClick={() => onResolve(item)}>
                  {item.status === 'resolved' ? 'Reopen' : 'Resolve'}
                </button>
                <button type="button" class="danger" onClick={() => onDelete(item)}>
                  Delete
                </button>
              </div>
            </>
          )
        }
      </Loaded>
    </aside>
  );
}
