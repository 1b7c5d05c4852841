import { afterAll, describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode } from '../../../contract/errors.ts';
import { createTestApp } from '../../helpers/test-app.ts';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: string[];
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

describe('the public routes in /openapi.json', async () => {
  const t = await createTestApp();
  afterAll(() => t.cleanup());
  const doc = (await (await t.app.request('/openapi.json')).json()) as Document;
  const schema = (found: Schema) => (found.$ref ? doc.components.schemas[found.$ref.replace('#/components/schemas/', '')]! : found);
  const errorRef = { $ref: '#/components/schemas/ErrorBody' };

  /** Each error status a route documents, with the codes its description names. */
  const documentedCodes = (operation: Operation) =>
    Object.entries(operation.responses)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, response]) => {
        expect(response.content['application/json']!.schema).toEqual(errorRef);
        return [Number(status), [...response.description.matchAll(/`([a-z_]+)`:/g)].map((match) => match[1] as ErrorCode)] as const;
      });

  it('lists every error code, with its status, in the ErrorBody component', () => {
    const error = doc.components.schemas.ErrorBody!.properties!.error!;
    expect(error.required).toEqual(['code', 'message']);
    expect(error.properties!.code!.enum).toEqual(Object.keys(ERRORS));
  });

  it('describes POST /v1/feedback: its body in both media types, its answers and its error codes', () => {
    const post = doc.paths['/v1/feedback']!.post!;
    const { content } = post.requestBody!;
    expect(Object.keys(content)).toEqual(['application/json', 'text/plain']);
    expect(content['text/plain']!.schema).toEqual(content['application/json']!.schema);
    const body = schema(content['application/json']!.schema);
    expect(body.required).toEqual(['project', 'id', 'page', 'context']);
    expect(Object.keys(body.properties!)).toEqual(
      expect.arrayContaining(['rating', 'comment', 'category', 'email', 'metadata', 'ticket', 'honeypot', 'turnstileToken']),
    );
    for (const status of ['200', '201']) {
      expect(schema(post.responses[status]!.content['application/json']!.schema).required).toEqual(['id']);
    }

    const codes = documentedCodes(post);
    for (const [status, some] of codes) for (const code of some) expect(ERRORS[code].status).toBe(status);
    expect(codes.flatMap(([, some]) => some)).toEqual(
      expect.arrayContaining([
        'invalid_payload',
        'project_not_found',
        'payload_too_large',
        'ticket_required',
        'rate_limited',
        'overloaded',
      ]),
    );
  });

  it('describes GET /v1/projects/{key}/config: its key, the config answered and the 404', () => {
    const get = doc.paths['/v1/projects/{key}/config']!.get!;
    expect(get.parameters).toEqual([expect.objectContaining({ name: 'key', in: 'path' })]);
    const config = schema(get.responses['200']!.content['application/json']!.schema);
    expect(config.required).toEqual(expect.arrayContaining(['project', 'ratingKind', 'texts', 'theme', 'categories', 'email', 'followUp']));
    expect(Object.keys(config.properties!)).toEqual(expect.arrayContaining(['ticket', 'minSeconds', 'turnstileSiteKey']));
    expect(config.properties!.theme!.properties).toHaveProperty('onAccent');
    expect(documentedCodes(get)).toContainEqual([404, ['project_not_found']]);
  });
});
