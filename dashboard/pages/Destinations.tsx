import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { CHANNEL_KINDS, channelKindLabel, type ChannelKindId } from '../../contract/channel-kinds.ts';
import { answer, problemText, useApi, useResource } from '../api.ts';
import { ActionForm } from '../components/ActionForm.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { dateText } from '../format.ts';

/** Where a project's feedback goes: add, edit, send a test, turn off, delete; each one's delivery history with replay. */
export function Destinations() {
  const { client } = useApi();
  const key = useRoute().params.key!;
  const [destinations, reload] = useResource(
    async () => (await answer(await client.v1.projects[':key'].destinations.$get({ param: { key } }))).items,
    [key],
  );
  const [kind, setKind] = useState<ChannelKindId>('webhook');
  const field = CHANNEL_KINDS[kind].target;
  const [secret, setSecret] = useState<string | null>(null);
  const [history, setHistory] = useState<string | null>(null);

  return (
    <section class="destinations">
      <h1>Destinations</h1>
      <Loaded resource={destinations} retry={reload}>
        {(items) =>
          items.length === 0 ? (
            <Empty>Nothing is forwarded yet: add Slack, Discord, a webhook or an email address below.</Empty>
          ) : (
            <ul class="destination-list">
              {items.map((destination) => (
                <li key={destination.id}>
                  <div class="destination-head">
                    <h2>{destination.name}</h2>
                    <span class="badge">{channelKindLabel(destination.kind)}</span>
                    <span class={destination.enabled ? 'badge on' : 'badge off'}>{destination.enabled ? 'On' : 'Off'}</span>
                  </div>
                  <p class="sub">
                    {destination.url ?? destination.to} ·{' '}
                    {destination.events.map((event) => (event === 'digest' ? 'digests' : 'each new item')).join(' and ')}
                  </p>
                  {destination.disabledReason && <p class="error">{destination.disabledReason}</p>}
                  <DestinationActions
                    projectKey={key}
                    id={destination.id}
                    enabled={destination.enabled}
                    onChanged={reload}
                    onHistory={() => setHistory(history === destination.id ? null : destination.id)}
                  />
                  <details class="edit">
                    <summary>Edit</summary>
                    <ActionForm
                      label={`Edit ${destination.name}`}
                      action={async (data) => {
                        const target = String(data.get('target') ?? '').trim();
                        const events = data.getAll('events').map(String) as ('feedback.created' | 'digest')[];
                        const json = {
                          name: String(data.get('name') ?? ''),
                          events,
                          // Left empty: the address stays (Slack and Discord URLs are shown without their secret part).
                          ...(target ? (destination.to !== undefined ? { to: target } : { url: target }) : {}),
                        };
                        await client.v1.projects[':key'].destinations[':id']
                          .$patch({ param: { key, id: destination.id }, json })
                          .then(answer);
                        reload();
                        return 'Saved.';
                      }}
                    >
                      <label>
                        Name
                        <input name="name" required maxLength={80} value={destination.name} />
                      </label>
                      <label>
                        {destination.to !== undefined ? 'New email address (empty: keep)' : 'New URL (empty: keep)'}
                        <input name="target" type={destination.to !== undefined ? 'email' : 'url'} />
                      </label>
                      <fieldset class="events">
                        <legend>Send</legend>
                        <label class="check">
                          <input
                            type="checkbox"
                            name="events"
                            value="feedback.created"
                            checked={destination.events.includes('feedback.created')}
                          />{' '}
                          each new item
                        </label>
                        <label class="check">
                          <input type="checkbox" name="events" value="digest" checked={destination.events.includes('digest')} /> digests
                        </label>
                      </fieldset>
                      <button type="submit">Save</button>
                    </ActionForm>
                  </details>
                  {history === destination.id && <History projectKey={key} id={destination.id} />}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>

      <h2>Add a destination</h2>
      <ActionForm
        label="Add a destination"
        class="new-destination"
        action={async (data, form) => {
          const events = data.getAll('events').map(String) as ('feedback.created' | 'digest')[];
          const name = String(data.get('name') ?? '');
          const ratingAtMost = String(data.get('ratingAtMost') ?? '').trim();
          const filter = {
            ...(ratingAtMost ? { ratingAtMost: Number(ratingAtMost) } : {}),
            ...(data.get('hasComment') ? { hasComment: true } : {}),
          };
          const target = String(data.get('target') ?? '').trim();
          const json = field === 'to' ? { kind, name, to: target, events, filter } : { kind, name, url: target, events, filter };
          const created = await client.v1.projects[':key'].destinations.$post({ param: { key }, json }).then(answer);
          setSecret('secret' in created && created.secret ? created.secret : null);
          form.reset();
          reload();
          return `Added ${created.name}.`;
        }}
      >
        <label>
          Kind
          <select name="kind" value={kind} onChange={(event) => setKind((event.target as HTMLSelectElement).value as ChannelKindId)}>
            {Object.entries(CHANNEL_KINDS).map(([value, { label }]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input name="name" required maxLength={80} placeholder="Team channel" />
        </label>
        <label>
          {CHANNEL_KINDS[kind].targetLabel}
          <input name="target" type={field === 'to' ? 'email' : 'url'} required />
        </label>
        <fieldset class="events">
          <legend>Send</legend>
          <label class="check">
            <input type="checkbox" name="events" value="feedback.created" checked /> each new item
          </label>
          <label class="check">
            <input type="checkbox" name="events" value="digest" /> digests
          </label>
        </fieldset>
        <label>
          Only ratings at most (optional, 0–10)
          <input name="ratingAtMost" type="number" min="0" max="10" />
        </label>
        <label class="check">
          <input type="checkbox" name="hasComment" /> Only items with a comment
        </label>
        <button type="submit">Add destination</button>
      </ActionForm>
      {secret && (
        <div class="issued" role="region" aria-label="Signing secret">
          <p>The webhook's signing secret (Standard Webhooks), shown once: give it to the receiver to verify each request.</p>
          <code class="secret">{secret}</code>
        </div>
      )}
    </section>
  );
}

function DestinationActions({
  projectKey,
  id,
  enabled,
  onChanged,
  onHistory,
}: {
  projectKey: string;
  id: string;
  enabled: boolean;
  onChanged: () => void;
  onHistory: () => void;
}) {
  const { client } = useApi();
  const [outcome, setOutcome] = useState<{ text: string; error: boolean } | null>(null);
  const run = async (work: () => Promise<string>) => {
    setOutcome(null);
    try {
      setOutcome({ text: await work(), error: false });
    } catch (error) {
      setOutcome({ text: problemText(error), error: true });
    }
  };
  const param = { key: projectKey, id };
  return (
    <div class="actions">
      <button
        type="button"
        onClick={() =>
          void run(async () => {
            const message = await client.v1.projects[':key'].destinations[':id'].test.$post({ param }).then(answer);
            return message.status === 'delivered'
              ? `Test delivered${message.lastStatus ? ` (HTTP ${message.lastStatus})` : ''}.`
              : `Test failed: ${message.lastError ?? message.status}.`;
          })
        }
      >
        Send a test
      </button>
      <button type="button" onClick={onHistory}>
        Delivery history
      </button>
      <button
        type="button"
        onClick={() =>
          void run(async () => {
            await client.v1.projects[':key'].destinations[':id'].$patch({ param, json: { enabled: !enabled } }).then(answer);
            onChanged();
            return enabled ? 'Turned off.' : 'Turned on.';
          })
        }
      >
        {enabled ? 'Turn off' : 'Turn on'}
      </button>
      <button
        type="button"
        class="danger"
        onClick={() =>
          void run(async () => {
            if (!confirm('Delete this destination and its history?')) return '';
            await client.v1.projects[':key'].destinations[':id'].$delete({ param }).then(answer);
            onChanged();
            return 'Deleted.';
          })
        }
      >
        Delete
      </button>
      <span class={outcome?.error ? 'error' : 'notice'} role={outcome?.error ? 'alert' : 'status'}>
        {outcome?.text}
      </span>
    </div>
  );
}

function History({ projectKey, id }: { projectKey: string; id: string }) {
  const { client } = useApi();
  const param = { key: projectKey, id };
  const [messages, reload] = useResource(
    async () => (await answer(await client.v1.projects[':key'].destinations[':id'].messages.$get({ param, query: {} }))).items,
    [id],
  );
  return (
    <Loaded resource={messages} retry={reload}>
      {(items) =>
        items.length === 0 ? (
          <Empty>Nothing sent yet.</Empty>
        ) : (
          <table class="history">
            <caption>Delivery history</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((message) => (
                <tr key={message.id}>
                  <td>{dateText(message.createdAt)}</td>
                  <td>{message.event}</td>
                  <td>{message.status}</td>
                  <td>{message.attempts}</td>
                  <td>{message.lastError ?? (message.lastStatus ? `HTTP ${message.lastStatus}` : '—')}</td>
                  <td>
                    {(message.status === 'delivered' || message.status === 'dead') && message.event !== 'test' && (
                      <button
                        type="button"
                        onClick={async () => {
                          await client.v1.projects[':key'].destinations[':id'].messages[':messageId'].replay
                            .$post({ param: { ...param, messageId: message.id } })
                            .then(answer);
                          reload();
                        }}
                      >
                        {message.status === 'dead' ? 'Retry' : 'Replay'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Loaded>
  );
}
