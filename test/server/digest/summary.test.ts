import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDigest } from '../../../server/digest/compose-digest.ts';
import { createLlmSummariser } from '../../../server/digest/llm-summary.ts';
import { addProject, createTempSqliteStore, feedbackBody, newFeedback } from '../../helpers/test-app.ts';

/** An OpenAI-compatible chat endpoint on loopback, answering as each test says. */
const requests: { path: string; auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
let answer: (res: import('node:http').ServerResponse) => void = () => {};
const llm = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    requests.push({ path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(body) });
    answer(res);
  });
});

describe('a digest’s written summary from the operator’s language model', () => {
  const temp = createTempSqliteStore();
  const period = { from: 1_700_000_000_000, to: 1_700_000_000_000 + 86_400_000 };
  let summariser: (timeoutMs?: number) => ReturnType<typeof createLlmSummariser>;

  beforeAll(async () => {
    await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1/`;
    summariser = (timeoutMs = 2000) => createLlmSummariser({ baseUrl, model: 'test-model', apiKey: 'sk-test', timeoutMs });
    const project = await addProject(temp.store);
    const body = feedbackBody({ comment: 'The checkout button does nothing' });
    await temp.store.insertFeedback(
      newFeedback(project.id, {
        id: body.id as string,
        createdAt: period.from + 1000,
        rating: { kind: 'stars', value: 1 },
        comment: 'The checkout button does nothing',
        page: { url: 'https://shop.example/checkout', referrer: null, title: null },
      }),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => llm.close(resolve));
    await temp.cleanup();
  });

  const compose = async (timeoutMs?: number) => {
    const project = (await temp.store.getProjectByKey('pk_shop'))!;
    return composeDigest(temp.store, project, period, { eventId: 'msg_1', summarise: summariser(timeoutMs) });
  };

  it('adds the model’s answer, having sent it the period’s figures and comments', async () => {
    answer = (res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ choices: [{ message: { content: '  Checkout is broken for some.  ' } }] }));
    const digest = await compose();
    expect(digest.summary).toBe('Checkout is broken for some.');
    const sent = requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.auth).toBe('Bearer sk-test');
    expect(sent.body.model).toBe('test-model');
    expect(sent.body.messages.at(-1)!.content).toContain('The checkout button does nothing');
  });

  it.each([
    ['an error', (res: import('node:http').ServerResponse) => res.writeHead(500).end('overloaded')],
    ['an answer that is not a chat completion', (res: import('node:http').ServerResponse) => res.writeHead(200).end('<html>')],
    ['no answer in time', () => {}],
  ])('still composes the digest, without a summary, on %s', async (_case, respond) => {
    answer = respond;
    const started = Date.now();
    const digest = await compose(300);
    expect(digest.summary).toBeNull();
    expect(digest.count).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
