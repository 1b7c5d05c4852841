import { serve, type ServerType } from '@hono/node-server';
import fc from 'fast-check';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../server/auth/tokens.ts';
import { toBase64Url } from '../../server/encoding.ts';
import { encodeCursor } from '../../server/routes/cursor.ts';
import { clientNetworkKey } from '../../server/abuse/ip-address.ts';
import { answerClientErrorsInApiShape } from '../../server/runtime/node-client-errors.ts';
import { resolveClientAddress, TrustProxySchema } from '../../server/runtime/node-client-address.ts';
import { z } from 'zod';
import {
  arbitraryOf,
  heedDomain,
  openApiDocumentOf,
  operationsOf,
  type Domain,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
} from '../helpers/openapi-arbitraries.ts';
import { sendRaw, type RawFraming, type RawRequest } from '../helpers/raw-http.ts';
import { createTestApp, feedbackBody, newFeedback, SITE_ORIGIN } from '../helpers/test-app.ts';

/**
 * Hostile input, on every route: whatever a careless or malicious client sends, the server
 * answers 2xx or 4xx (never a 5xx, never a thrown error, nothing logged as a server error), every
 * error has the API's shape, and a refused request leaves the database exactly as it was.
 *
 * In process (`app.request`), RUNS generated requests per route: every path × method of the app's
 * /openapi.json (a new route is fuzzed without an edit here) and the preview routes outside it,
 * split between two test files, hostile-input-part-1 and -2, so both cores work. Valid-ish values
 * come from the document's schemas (test/helpers/openapi-arbitraries.ts) and the fixture; the
 * fuzz mixes hostile ones in and breaks them. On a real socket, a few hundred
 * whose framing only a socket shows (invalid UTF-8, Content-Length lies, chunked bodies past the
 * limit, missing content types). HEED_FUZZ_RUNS overrides RUNS for a quicker local look.
 *
 * Measured on the 2-core machine: about 1.1 ms of CPU per in-process request (the app's own
 * work: token hashing, SQLite, Request/Response objects), so 10,000 × 28 routes take 5–6 minutes.
 */
const RUNS = Number(process.env.HEED_FUZZ_RUNS ?? 10_000);
/** HEED_FUZZ_SEED replays a failure with the seed fast-check printed. */
const SEED = process.env.HEED_FUZZ_SEED ? { seed: Number(process.env.HEED_FUZZ_SEED) } : {};
const SOCKET_RUNS = 300;
const BODY_LIMIT = 32 * 1024;
const NOW = 1_700_000_000_000;

// ---------------------------------------------------------------------------------------------
// Hostile values

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** Text the schemas and the router must survive: boundaries, encodings, SQL and glob syntax, prototype names. */
const oddText = fc.constantFrom(
  ...[
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\u202E',
    '\uD800',
    '\uDFFF',
    'a\r\nb',
    '%',
    '%00',
    '%E0%A4%A',
    '%ZZ',
    '%2F',
    '..',
    '../..',
    '/',
    '?',
    '#',
  ],
  ...['null', 'undefined', 'NaN', 'Infinity', '-1', '0', '-0', '1e309', '0x10', '9007199254740993', '1.5', 'true', '[]', '{}'],
  ...["'; DROP TABLE feedback; --", '*', '%_\\', '"', '\\', '<script>', '${x}', 'a'.repeat(101), 'x'.repeat(65)],
  ...PROTO_KEYS,
  // Control characters (C0, DEL, C1, line separators) and formulas in full-width forms.
  ...[
    '\u0001',
    'a\u0000b',
    '\u001b[31mred',
    '\u0007',
    '\u007f',
    '\u0085',
    '\u009b',
    'a\rb',
    'a\u2028b',
    '\u2029',
    '\t',
    '\uff1dSUM(A1)',
    '\uff0b1',
    '\uff0d1',
    '\uff20x',
  ],
);
/** Globs that made a backtracking matcher take seconds, and near misses of them. */
const hostileGlob = fc.oneof(
  fc.constantFrom(
    'https://shop.example/*/*/*/*.html',
    '*'.repeat(40),
    '*/'.repeat(30) + 'x',
    'https://shop.example/*',
    '*a*a*a*a*a*b',
    `*${'a'.repeat(1000)}b*`,
    '*/*:*',
  ),
  // Past D1's 50-byte LIKE limit and its 100 bound parameters, with characters LIKE and GLOB treat specially.
  fc
    .array(fc.constantFrom('*', '/', 'a', 'A', '.', '%', '_', '\\', '?', '[', ']', 'é', '😀', 'html', 'https://shop.example/'), {
      maxLength: 300,
    })
    .map((parts) => parts.join('')),
);
/** Page URLs up to the schema's 2,048 characters that make globs work hardest. */
const hostileUrl = fc.oneof(
  fc.integer({ min: 1, max: 2_020 }).map((n) => `https://shop.example/${'/'.repeat(n)}`),
  fc.integer({ min: 1, max: 1_000 }).map((n) => `https://shop.example/${'a/'.repeat(n)}x.htm`),
  fc.integer({ min: 1, max: 2_000 }).map((n) => `https://shop.example/${'a'.repeat(n)}`),
);
/** Far beyond every max() in the schemas. */
const hugeText = (max: number) =>
  fc
    .tuple(fc.integer({ min: 1_000, max }), fc.constantFrom('x', 'é', '😀', '\u0000', ' ', '%'))
    .map(([length, char]) => char.repeat(length));
const textUpTo = (max: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 3, arbitrary: oddText },
    { weight: 1, arbitrary: hugeText(max) },
  );
/** In a body: up to 100k characters. */
const anyText = textUpTo(100_000);
/** In a URL: Node refuses request heads over 16 KiB, so longer paths and queries never reach the app. */
const urlText = textUpTo(16_000);

/** JSON text spliced into a body as is: what JSON.stringify cannot write (deep nesting, Infinity, lone-surrogate escapes). */
class RawJson {
  constructor(readonly text: string) {}
}

/** An own, enumerable property even for `__proto__`, so JSON.stringify writes it as a key. */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const nested = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) => new RawJson(arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** Anything a JSON field could hold instead of what the schema wants. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyText },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, 0, -0, -1, 0.5, 1e21, -1e308, 2 ** 53 + 2, 5e-324) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => withOwn({}, key, value)),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'NaN',
        'Infinity',
        '-Infinity',
        'undefined',
        '1e999',
        '-1e999',
        '01',
        '.5',
        '+1',
        '0x1F',
        '"\\ud800"',
        '"\\u0000"',
        "'x'",
        '"\\x41"',
      )
      .map((text) => new RawJson(text)),
  },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 50_000 }).map((n) => new RawJson(`[${'0,'.repeat(n)}0]`)) },
);

function toJson(value: unknown): string {
  if (value === undefined) return '';
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `\u0000raw${raws.push(v.text) - 1}` : v));
  return raws.length ? text.replace(/"\\u0000raw(\d+)"/g, (_, i: string) => raws[Number(i)]!) : text;
}

type Mutation = 'set' | 'delete' | 'add' | 'wrap';

/** Every place a value sits in `root.value` (the root included), as [container, key]. */
function slotsOf(root: { value: unknown }): [Record<string | number, unknown>, string | number][] {
  const slots: [Record<string | number, unknown>, string | number][] = [];
  const visit = (container: Record<string | number, unknown>, key: string | number) => {
    slots.push([container, key]);
    const value = container[key];
    if (value && typeof value === 'object')
      for (const k of Object.keys(value)) visit(value as Record<string, unknown>, Array.isArray(value) ? Number(k) : k);
  };
  visit(root as Record<string, unknown>, 'value');
  return slots;
}

/** A valid value with one place broken: replaced, removed, given an extra (or prototype) key, or wrapped in an array. */
function mutate(valid: unknown, pick: number, how: Mutation, key: string, hostile: unknown): unknown {
  const root = { value: structuredClone(valid) };
  const slots = slotsOf(root);
  const [container, slot] = slots[pick % slots.length]!;
  const target = container[slot];
  if (how === 'set') container[slot] = hostile;
  else if (how === 'wrap') container[slot] = [target];
  else if (how === 'delete') {
    if (Array.isArray(container)) container.splice(Number(slot), 1);
    else delete container[slot];
  } else if (target && typeof target === 'object' && !Array.isArray(target)) withOwn(target as Record<string, unknown>, key, hostile);
  else container[slot] = hostile;
  return root.value;
}

const mutated = (valid: fc.Arbitrary<unknown>) =>
  fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom<Mutation>('set', 'set', 'delete', 'add', 'wrap'),
      fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 10 })),
      hostileValue,
    )
    .map(([value, pick, how, key, hostile]) => mutate(value, pick, how, key, hostile));

/** JSON that is not quite JSON (or not quite one value). */
const brokenJson = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.tuple(valid, fc.nat()).map(([value, n]) => toJson(value).slice(0, n % Math.max(toJson(value).length, 1))),
    valid.map((value) => `\uFEFF${toJson(value)}`),
    fc.tuple(valid, fc.constantFrom('x', '}', ',', '\u0000', ' //', '{}')).map(([value, tail]) => toJson(value) + tail),
    // Every key twice: valid JSON, and the second one wins.
    fc
      .tuple(valid, valid)
      .map(([a, b]) =>
        a && typeof a === 'object' && b && typeof b === 'object' ? `${toJson(a).slice(0, -1)},${toJson(b).slice(1)}` : toJson(a),
      ),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      '',
      'null',
      '[]',
      '{}',
      '"x"',
      '1',
      'true',
      '{"a":',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
  );

const encoder = new TextEncoder();
const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

/** Valid JSON with bytes that are not UTF-8 spliced in (usually inside a string), or random bytes. */
const invalidUtf8 = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.tuple(valid, fc.nat(), fc.constantFrom(...INVALID_UTF8)).map(([value, at, bad]) => {
      const bytes = encoder.encode(toJson(value));
      const cut = at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, cut), Buffer.from(bad), bytes.subarray(cut)]);
    }),
    fc.uint8Array({ maxLength: 200 }),
  );

const ODD_CONTENT_TYPES = [
  undefined,
  '',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-16',
  'APPLICATION/JSON',
  'application/json;',
  'application/json; x',
  'application/vnd.api+json',
  'application/ld+json',
  'text/plain',
  'text/plain;charset=UTF-8',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  'json',
  'application/jsonx',
  'text/plain, application/json',
];

interface Payload {
  bytes: Uint8Array<ArrayBuffer>;
  type: string | undefined;
}

/** A body built from the route's valid bodies: some intact, most broken one way or another; sent as one of `types` mostly. */
const payloadOf = (valid: fc.Arbitrary<unknown>, types = ['application/json']): fc.Arbitrary<Payload> =>
  fc.record({
    bytes: fc
      .oneof(
        { weight: 2, arbitrary: valid.map((value) => encoder.encode(toJson(value))) },
        { weight: 6, arbitrary: mutated(valid).map((value) => encoder.encode(toJson(value))) },
        { weight: 2, arbitrary: hostileValue.map((value) => encoder.encode(toJson(value))) },
        { weight: 1, arbitrary: brokenJson(valid).map((text) => encoder.encode(text)) },
        { weight: 1, arbitrary: invalidUtf8(valid) },
      )
      .map(shownAsText),
    type: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom<string | undefined>(...types) },
      { weight: 1, arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES) },
    ),
  });

/** Counterexamples then show a body as text (invalid bytes as U+FFFD), not as a list of byte values. */
function shownAsText<T extends Uint8Array>(bytes: T): T {
  return Object.assign(bytes, {
    [fc.toStringMethod]: () => `${JSON.stringify(new TextDecoder().decode(bytes).slice(0, 2_000))} (${bytes.length} bytes)`,
  });
}

// ---------------------------------------------------------------------------------------------
// Valid-ish values, from /openapi.json's schemas, for the fuzz to break

/** createTestApp's project: feedback bodies name it, so that most reach the checks past the project lookup. */
const SHOP_KEY = 'pk_shop';
/** Days around the fixture's data (NOW is 2023-11-14), and a few at the ends of what a date can be. */
const day = fc.oneof(
  { weight: 9, arbitrary: fc.date({ min: new Date('2023-06-01T00:00:00Z'), max: new Date('2024-06-01T00:00:00Z'), noInvalidDate: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...['0000-01-01', '1970-01-01', '2024-02-29', '9999-12-31'].map((d) => new Date(`${d}T00:00:00Z`))),
  },
);
const isoDay = day.map((d) => d.toISOString().slice(0, 10));
const isoTime = fc.oneof(
  day.map((d) => d.toISOString()),
  day.map((d) => d.toISOString().replace('Z', '+02:00')),
);
// Loopback and .example addresses; the forwarding `post` of these tests sends nothing anyway.
const hookUrl = fc.constantFrom(
  'https://hooks.slack.example/services/T0/B0/secret',
  'http://127.0.0.1:9/hook',
  'https://discord.example/api/webhooks/1/x',
);
/** Full-text search syntax (FTS5's), as a search box passes it on. */
const search = fc.constantFrom('checkout', 'quick', 'chéck', '"', '*', 'NEAR(a b)', 'a OR b', '-x', 'col:x', '^');
const cursor = fc.record({ createdAt: fc.maxSafeNat(), id: fc.string({ minLength: 1, maxLength: 64 }) }).map(encodeCursor);
const glob = fc.oneof(fc.constantFrom('https://shop.example/*', '*', '%', '_', '\\', '[a-z]'), hostileGlob);

/**
 * Where a place's values come from, by its name or format, beyond heedDomain's: the fixture's
 * project key and email address, page URLs and globs that make matching work hardest, search
 * syntax, real cursors, dates around the fixture's data, a filled honeypot now and then. The
 * schema's own values stay in the mix wherever they fit.
 */
const fuzzDomain: Domain = (schema, place, derived) => {
  const text = schema.type === 'string' && schema.enum === undefined;
  // Other keys come from the fuzz's mutations.
  if (place.name === 'project' && schema.pattern !== undefined) return fc.constant(SHOP_KEY);
  if (place.name === 'honeypot') return fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: derived() });
  if (schema.format === 'uri' && place.name !== 'allowedOrigins') {
    // A feedback's page mostly on the site (a page elsewhere is refused), up to 2,048 characters.
    const onSite = place.parent === 'page';
    return onSite
      ? fc.oneof({ weight: 4, arbitrary: hostileUrl }, { weight: 1, arbitrary: derived() })
      : fc.oneof(derived(), hostileUrl, hookUrl);
  }
  if (schema.format === 'email') return fc.oneof(derived(), fc.constantFrom('ann@shop.example', 'ANN@SHOP.EXAMPLE'));
  if (schema.format === 'date') return isoDay;
  if (schema.format === 'date-time') return isoTime;
  if (text && place.name === 'page') return fc.oneof(derived(), glob);
  if (text && place.name === 'q') return fc.oneof(derived(), search);
  if (text && place.name === 'cursor') return fc.oneof(derived(), cursor);
  return heedDomain(schema, place, derived);
};

// ---------------------------------------------------------------------------------------------
// Requests

/** A path parameter: `ref` names something the fixture holds (resolved when sent), `text` is sent as is. */
type Param = { ref: Ref } | { text: string };
type Ref = 'projectKey' | 'feedbackId' | 'destinationId' | 'messageId' | 'tokenId';

/** The path parameters that name something the fixture holds: by name, an `id` by the collection before it. */
const REFS: Record<string, Ref> = {
  '{key}': 'projectKey',
  '{messageId}': 'messageId',
  'feedback/{id}': 'feedbackId',
  'destinations/{id}': 'destinationId',
  'tokens/{id}': 'tokenId',
};
function refOf(path: string, name: string): Ref | undefined {
  const collection = path
    .slice(0, path.indexOf(`/{${name}}`))
    .split('/')
    .at(-1);
  return REFS[`${collection}/{${name}}`] ?? REFS[`{${name}}`];
}

/** A path parameter's values: mostly the fixture's thing, else the parameter's schema or any text. */
function paramOf(path: string, name: string, plausible: fc.Arbitrary<string>): fc.Arbitrary<Param> {
  const ref = refOf(path, name);
  return fc.oneof(
    ...(ref ? [{ weight: 6, arbitrary: fc.constant<Param>({ ref }) }] : []),
    { weight: ref ? 1 : 7, arbitrary: plausible.map((text): Param => ({ text })) },
    { weight: 3, arbitrary: urlText.map((text): Param => ({ text })) },
  );
}

interface Route {
  method: string;
  /** `{name}` marks a path parameter. */
  path: string;
  params: Record<string, fc.Arbitrary<Param>>;
  /** Valid-ish bodies; the fuzz sends them intact, broken, or replaced. */
  body?: fc.Arbitrary<unknown>;
  /** The body's content types, as the document lists them. */
  types: string[];
  /** Valid-ish values per query parameter. */
  query?: Record<string, fc.Arbitrary<string>>;
}

/** `METHOD /path`, as the test names and the lists here write a route. */
const nameOf = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** A parameter's value as a URL carries it (null as nothing). */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** A route's requests from its operation in the document: its path and query parameters' schemas, its body's schema. */
function routeOf(document: OpenApiDocument, method: string, path: string, operation: Operation): Route {
  const valuesOf = (schema: JsonSchema, name?: string) =>
    arbitraryOf(schema, { components: document.components?.schemas, domain: fuzzDomain, name });
  const parameters = operation.parameters ?? [];
  const params: Record<string, fc.Arbitrary<Param>> = {};
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    if (!schema) throw new Error(`/openapi.json: ${method} ${path} has no schema for its path parameter ${name}`);
    params[name!] = paramOf(path, name!, valuesOf(schema, name).map(asText));
  }
  // Header and cookie parameters (the document has none) are left to the fuzz's own headers.
  const query = parameters
    .filter((p) => p.in === 'query')
    .map((p): [string, fc.Arbitrary<string>] => [p.name, p.schema ? valuesOf(p.schema, p.name).map(asText) : urlText]);
  const content = operation.requestBody?.content ?? {};
  const schema = content['application/json']?.schema ?? Object.values(content)[0]?.schema;
  return {
    method,
    path,
    params,
    ...(schema ? { body: valuesOf(schema) } : {}),
    types: Object.keys(content).length ? Object.keys(content) : ['application/json'],
    ...(query.length ? { query: Object.fromEntries(query) } : {}),
  };
}

/**
 * Routes deliberately outside /openapi.json: the dashboard's live preview serves the widget's two
 * public routes again under `/preview/{config}` for its own frame (server/routes/widget-preview.ts),
 * the config being a draft widget config as base64url JSON. They are not part of the API, so they
 * are fuzzed here as the routes they mirror, with the config drawn from the widget config schema
 * of `PATCH /v1/projects/{key}`.
 */
const PREVIEWED = ['GET /v1/projects/{key}/config', 'POST /v1/feedback'];
const PREVIEW_PREFIX = '/preview/{config}';

/** Every path × method of the document, then the preview routes; the two test files take every other one. */
function routesOf(document: OpenApiDocument): Route[] {
  const operations = operationsOf(document);
  const routes = operations.map(({ method, path, operation }) => routeOf(document, method, path, operation));
  const project = operations.find(({ method, path }) => method === 'PATCH' && path === '/v1/projects/{key}')?.operation;
  const widgetConfig = project?.requestBody?.content['application/json']?.schema?.properties?.widgetConfig;
  if (!widgetConfig) throw new Error('/openapi.json: PATCH /v1/projects/{key} has no widgetConfig in its body');
  const config: fc.Arbitrary<Param> = fc.oneof(
    {
      weight: 3,
      arbitrary: arbitraryOf(widgetConfig, { components: document.components?.schemas, domain: fuzzDomain }).map((value) => ({
        text: toBase64Url(encoder.encode(JSON.stringify(value))),
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          urlText,
          fc.string({ maxLength: 40 }).map((s) => toBase64Url(encoder.encode(s))),
        )
        .map((text) => ({ text })),
    },
  );
  const previews = PREVIEWED.map((name) => {
    const route = routes.find((r) => nameOf(r) === name);
    if (!route) throw new Error(`/openapi.json lacks ${name}, which the preview routes mirror`);
    return { ...route, path: PREVIEW_PREFIX + route.path, params: { config, ...route.params } };
  });
  return [...routes, ...previews];
}

const partOf = (routes: Route[], part: 0 | 1) => routes.filter((_, index) => index % 2 === part);

const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 80 });

/** An address as text: valid IPv4 and IPv6, the forms that embed IPv4, zones, ports and near misses. */
const addressText = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.ipV4().chain((v4) => fc.constantFrom(`::ffff:${v4}`, `::FFFF:0:${v4}`, `64:ff9b::${v4}`, `64:ff9b:1::${v4}`, `[${v4}]`, `${v4}:8080`)),
  fc.ipV6().chain((v6) => fc.constantFrom(`${v6}%eth0`, `[${v6}]:80`, v6.toUpperCase(), `2002:${v6}`, `2001:0:${v6}`)),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%/[] '), maxLength: 50 }),
);
/** X-Forwarded-For as a client or a chain of proxies might write it, up to the 16 KiB Node allows in a head. */
const forwardedFor = fc.oneof(
  fc
    .tuple(
      fc.array(
        fc.oneof(
          { weight: 4, arbitrary: addressText },
          { weight: 1, arbitrary: headerText },
          { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', 'unknown', '_hidden') },
        ),
        { maxLength: 40 },
      ),
      fc.constantFrom(',', ', ', ' ,'),
    )
    .map(([entries, separator]) => entries.join(separator)),
  fc.integer({ min: 1_000, max: 15_000 }).map((n) => '1.2.3.4,'.repeat(Math.ceil(n / 8)).slice(0, n)),
);
/** The fuzzed app trusts the loopback proxy it pretends to sit behind, so every X-Forwarded-For is walked. */
const TRUST_LOOPBACK = TrustProxySchema.parse('loopback');

/** Whose token is sent: mostly a live admin's, so that requests get past the check to the route. */
type Auth = 'admin' | 'read' | 'revoked' | 'none' | 'admin-altered' | { raw: string };
const auth: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 16, arbitrary: fc.constant<Auth>('admin') },
  { weight: 2, arbitrary: fc.constantFrom<Auth>('read', 'revoked', 'none', 'admin-altered') },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        headerText,
        headerText.map((text) => `Bearer ${text}`),
        fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer heed_0000000000000000_${'A'.repeat(43)}`),
      )
      .map((raw) => ({ raw })),
  },
);

interface Generated {
  method: string;
  params: Record<string, Param>;
  query: [string, string | undefined][];
  /** Leave `%` unescaped, so malformed escapes reach the server. */
  loose: boolean;
  payload: Payload | undefined;
  auth: Auth;
  origin: string | undefined;
  forwardedFor: string | undefined;
}

function queryOf(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<[string, string | undefined][]> {
  const names = Object.keys(fields);
  const unknown = fc.tuple(
    fc.oneof(fc.constantFrom(...PROTO_KEYS, 'limit[]', 'a[b]'), fc.string({ maxLength: 8 })),
    fc.option(urlText, { nil: undefined }),
  );
  const known = names.length
    ? fc
        .constantFrom(...names)
        .chain((name) =>
          fc
            .oneof({ weight: 3, arbitrary: fields[name]! }, { weight: 1, arbitrary: urlText })
            .map((value): [string, string] => [name, value]),
        )
    : unknown;
  return fc.array(fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: unknown }), { maxLength: 6 });
}

function requestsFor(route: Route): fc.Arbitrary<Generated> {
  return fc.record({
    method: fc.oneof(
      { weight: 19, arbitrary: fc.constant(route.method) },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
    ),
    params: fc.record(route.params),
    query: route.query
      ? queryOf(route.query)
      : fc.oneof({ weight: 4, arbitrary: fc.constant<[string, string | undefined][]>([]) }, { weight: 1, arbitrary: queryOf({}) }),
    loose: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    payload: route.body
      ? payloadOf(route.body, route.types)
      : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: payloadOf(fc.jsonValue({ maxDepth: 2 })) }),
    auth,
    origin: fc.option(
      fc.oneof(
        fc.constantFrom(SITE_ORIGIN, 'https://evil.example', 'null', 'HTTPS://SHOP.EXAMPLE', 'https://shop.example:443'),
        headerText,
      ),
      {
        freq: 3,
        nil: undefined,
      },
    ),
    forwardedFor: fc.option(forwardedFor, { freq: 3, nil: undefined }),
  });
}

/** Percent-encodes text, lone surrogates as the (invalid) UTF-8 bytes of their code units. */
function encodeStrict(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    let out = '';
    for (const char of text) {
      const code = char.codePointAt(0)!;
      out +=
        code >= 0xd800 && code <= 0xdfff
          ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
          : encodeURIComponent(char);
    }
    return out;
  }
}
const encodePart = (text: string, loose: boolean) => (loose ? text.split('%').map(encodeStrict).join('%') : encodeStrict(text));

// ---------------------------------------------------------------------------------------------
// The app under fuzz

/** Text a visitor may leave (lone surrogates, controls, spreadsheet formulas, CSV syntax), within ingest's limits. */
const storableText = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
  oddText,
  fc.constantFrom(
    '=HYPERLINK("https://evil.example")',
    '+1+1',
    '-2',
    '@SUM(A1)',
    '"quoted", with a comma\r\nand lines',
    'checkout '.repeat(400),
  ),
);

/**
 * The app over a temp-file store seeded so that routes have something to act on: feedback, a
 * destination with a delivered message, a read token and a revoked one. Forwarding sends
 * nothing (a `post` that answers 200), so no request leaves the process.
 */
async function createFixture() {
  const logged: unknown[] = [];
  const t = await createTestApp(
    {
      logError: (error) => logged.push(error),
      config: { rateLimits: { perClientPerMinute: 1e9, perProjectPerMinute: 1e9 } },
      // As the Node entry does behind a proxy on this host: the peer is loopback, X-Forwarded-For is walked.
      clientAddress: (c) => resolveClientAddress(TRUST_LOOPBACK, '127.0.0.1', c.req.header('x-forwarded-for')),
    },
    { post: async () => ({ status: 200, retryAfter: null }), sendEmail: async () => {} },
  );
  const read = await issueAdminToken(t.store, { scope: 'read', now: NOW });
  const revoked = await issueAdminToken(t.store, { scope: 'admin', now: NOW });
  await t.store.revokeAdminToken(revoked.id, NOW);
  // One a fuzzed DELETE /v1/tokens/{id} may revoke (never the tokens the requests carry).
  let spareToken = (await issueAdminToken(t.store, { scope: 'read', now: NOW })).id;
  const addItem = async (comment: string) => {
    const item = newFeedback(t.project.id, { comment, email: 'ann@shop.example', rating: { kind: 'stars', value: 2 } });
    await t.store.insertFeedback(item);
    return item.id;
  };
  let item = '';
  for (const comment of ['Checkout was quick', 'The checkout button is hidden', 'Love it']) item = await addItem(comment);
  // Odd text as ingest takes it, so that listings, exports, stats and themes read it back.
  for (const [comment, title] of fc.sample(fc.tuple(storableText, storableText), { numRuns: 40, seed: 7 })) {
    const body = feedbackBody({
      comment,
      page: { url: 'https://shop.example/odd', title },
      metadata: { [PROTO_KEYS[comment.length % PROTO_KEYS.length]!]: comment.slice(0, 500) },
    });
    await t.app.request('/v1/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }
  const currentProject = async () => (await t.store.getProject(t.project.id))!;
  const destination = async () =>
    (await t.store.listDestinations(t.project.id))[0] ??
    t.store.createDestination(
      {
        id: `dst_${crypto.randomUUID().slice(0, 8)}`,
        projectId: t.project.id,
        kind: 'slack',
        name: 'Team',
        target: 'https://hooks.slack.example/services/T0/B0/x',
        secret: null,
        events: ['feedback.created'],
        filter: {},
      },
      NOW,
    );
  await t.deliveries.sendTest(await destination(), t.project);

  /** The fixture's current thing of this kind, made again if a fuzzed request deleted or used it up. */
  async function resolve(ref: Ref): Promise<string> {
    switch (ref) {
      case 'projectKey':
        return (await currentProject()).key;
      case 'feedbackId':
        if (!(await t.store.getFeedback(t.project.id, item))) item = await addItem('Again');
        return item;
      case 'destinationId':
        return (await destination()).id;
      case 'messageId':
        // A fresh delivered one each time: a replay leaves its message pending, and listing for one grows slow.
        return (await t.deliveries.sendTest(await destination(), await currentProject())).id;
      case 'tokenId': {
        if ((await t.store.getAdminToken(spareToken))?.revokedAt !== null)
          spareToken = (await issueAdminToken(t.store, { scope: 'read', now: NOW })).id;
        return spareToken;
      }
    }
  }

  const authorization = (a: Auth): string | undefined => {
    if (typeof a === 'object') return a.raw;
    return {
      admin: `Bearer ${t.adminToken}`,
      read: `Bearer ${read.token}`,
      revoked: `Bearer ${revoked.token}`,
      none: undefined,
      'admin-altered': `Bearer ${t.adminToken}x`,
    }[a];
  };

  // Durability is not under test here, and an fsync per accepted write would take most of the time.
  t.sqlite.pragma('synchronous = OFF');
  // Every write of the app goes through this one connection; total_changes() counts each row
  // inserted, updated or deleted on it (by triggers too), so an unchanged count is an unchanged database.
  const totalChanges = t.sqlite.prepare('SELECT total_changes()').pluck();
  return { ...t, logged, resolve, authorization, changes: () => totalChanges.get() as number };
}
type Fixture = Awaited<ReturnType<typeof createFixture>>;

/** Stricter than server/schemas/error.ts's ErrorBodySchema: nothing but code, message, issues and the request id, and a snake_case code. */
const ErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[a-z][a-z_]*$/),
    message: z.string().min(1),
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().min(1).optional(),
  }),
});

function isApiError(contentType: string | null | undefined, body: Uint8Array): boolean {
  try {
    return /^application\/json/.test(contentType ?? '') && ErrorBodySchema.safeParse(JSON.parse(new TextDecoder().decode(body))).success;
  } catch {
    return false;
  }
}

function expectApiError(status: number, contentType: string | null | undefined, body: Uint8Array, what: string): void {
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
  expect(contentType, what).toMatch(/^application\/json/);
  const parsed = ErrorBodySchema.safeParse(JSON.parse(new TextDecoder().decode(body)));
  expect(parsed.success, `${what}: ${new TextDecoder().decode(body).slice(0, 500)}`).toBe(true);
}

async function send(f: Fixture, route: Route, g: Generated): Promise<void> {
  let path = route.path;
  for (const [name, p] of Object.entries(g.params)) {
    path = path.replace(`{${name}}`, encodePart('ref' in p ? await f.resolve(p.ref) : p.text, g.loose));
  }
  const query = g.query
    .map(([name, value]) =>
      value === undefined ? encodePart(name, g.loose) : `${encodePart(name, g.loose)}=${encodePart(value, g.loose)}`,
    )
    .join('&');
  const headers: Record<string, string> = {};
  const authorization = f.authorization(g.auth);
  if (authorization !== undefined) headers.Authorization = authorization;
  if (g.origin !== undefined) headers.Origin = g.origin;
  if (g.forwardedFor !== undefined) headers['X-Forwarded-For'] = g.forwardedFor;
  const withBody = g.payload && g.method !== 'GET' && g.method !== 'HEAD';
  if (withBody && g.payload!.type !== undefined) headers['Content-Type'] = g.payload!.type;

  f.logged.length = 0;
  const before = f.changes();
  const res = await f.app.request(query ? `${path}?${query}` : path, {
    method: g.method,
    headers,
    ...(withBody ? { body: g.payload!.bytes } : {}),
  });
  // Streamed answers (the exports) fail while being read, if they fail.
  const body = new Uint8Array(await res.arrayBuffer());
  // Plain comparisons first, `expect` only to report: this runs RUNS times per route.
  const refused = res.status >= 400;
  if (
    f.logged.length === 0 &&
    res.status >= 200 &&
    res.status < 500 &&
    (!refused || (f.changes() === before && (g.method === 'HEAD' || isApiError(res.headers.get('content-type'), body))))
  ) {
    return;
  }
  const what = `${g.method} ${path.slice(0, 200)} → ${res.status}`;
  expect(f.logged.map(String), what).toEqual([]);
  expect(res.status, what).toBeGreaterThanOrEqual(200);
  expect(res.status, what).toBeLessThan(500);
  expect(f.changes(), `${what} wrote to the database`).toBe(before);
  expectApiError(res.status, res.headers.get('content-type'), body, what);
}

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

// ---------------------------------------------------------------------------------------------
// On a real socket

/**
 * Routes with a body, each with valid parameters, and the document's operation whose bodies it
 * takes; `limited` ones refuse bodies over 32 KiB.
 */
const SOCKET_ROUTES = [
  { of: 'POST /v1/feedback', path: async () => '/v1/feedback', admin: false, limited: true },
  { of: 'POST /v1/feedback', path: async () => `/preview/${toBase64Url(encoder.encode('{}'))}/v1/feedback`, admin: false, limited: true },
  {
    of: 'PATCH /v1/projects/{key}',
    path: async (f: Fixture) => `/v1/projects/${await f.resolve('projectKey')}`,
    admin: true,
    limited: false,
  },
  {
    of: 'POST /v1/projects/{key}/destinations',
    path: async (f: Fixture) => `/v1/projects/${await f.resolve('projectKey')}/destinations`,
    admin: true,
    limited: false,
  },
  { of: 'POST /v1/tokens', path: async () => '/v1/tokens', admin: true, limited: false },
] as const;

/** The document's valid-ish bodies of a route. */
function bodyOf(routes: Route[], name: string): fc.Arbitrary<unknown> {
  const body = routes.find((route) => nameOf(route) === name)?.body;
  if (!body) throw new Error(`/openapi.json has no body for ${name}`);
  return body;
}

/** A valid body padded with spaces (still valid JSON) past the limit. */
const overLimit = (valid: fc.Arbitrary<unknown>) =>
  fc.tuple(valid, fc.integer({ min: BODY_LIMIT + 1, max: 3 * BODY_LIMIT })).map(([value, size]) => {
    const json = toJson(value);
    return shownAsText(encoder.encode(json + ' '.repeat(Math.max(0, size - json.length))));
  });

const framing: fc.Arbitrary<RawFraming> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'length' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 16_384 }).map((chunkSize) => ({ kind: 'chunked' as const, chunkSize })) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('short' as const),
      extra: fc.integer({ min: 1, max: 10_000 }),
      end: fc.constantFrom('half-close' as const, 'reset' as const),
      afterMs: fc.integer({ min: 1, max: 20 }),
    }),
  },
);

/** The document the app serves, read once per test file. */
async function servedDocument(): Promise<OpenApiDocument> {
  const t = await createTestApp();
  try {
    return await openApiDocumentOf(t.app);
  } finally {
    await t.cleanup();
  }
}

/**
 * The suites, in two parts that run side by side as two test files (one per core): 10,000
 * requests on each of 28 routes take about five minutes of one core.
 */
export async function describeHostileInput(part: 0 | 1): Promise<void> {
  const document = await servedDocument();
  const routes = routesOf(document);
  describe(`hostile input, ${RUNS} generated requests per route, in process (part ${part + 1} of 2)`, () => {
    afterAll(() => {
      // Nothing parsed from a body may reach Object.prototype.
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    // Once each.
    if (part === 0) {
      it('fuzzes every path and method of /openapi.json, and the preview routes beside them', () => {
        const fuzzed = [...partOf(routes, 0), ...partOf(routes, 1)].map(nameOf);
        expect(fuzzed.filter((route) => !route.includes(PREVIEW_PREFIX)).sort()).toEqual(operationsOf(document).map(nameOf).sort());
        expect(fuzzed.filter((route) => route.includes(PREVIEW_PREFIX)).sort()).toEqual(
          PREVIEWED.map((route) => route.replace(' ', ` ${PREVIEW_PREFIX}`)).sort(),
        );
      });

      // The check below relies on it.
      it('sees a write: total_changes() moves when a request changes a row', async () => {
        const f = await createFixture();
        try {
          const before = f.changes();
          const res = await f.app.request(`/v1/projects/${await f.resolve('projectKey')}`, {
            method: 'PATCH',
            headers: { Authorization: `Bearer ${f.adminToken}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: 'Renamed' }),
          });
          expect(res.status).toBe(200);
          expect(f.changes()).toBeGreaterThan(before);
        } finally {
          await f.cleanup();
        }
      });
    }

    for (const route of partOf(routes, part)) {
      it(`${nameOf(route)}: never a 5xx, errors in the API's shape, nothing written by a refusal`, async () => {
        const f = await createFixture();
        try {
          await fc.assert(
            fc.asyncProperty(requestsFor(route), (g) => send(f, route, g)),
            { numRuns: RUNS, ...SEED },
          );
        } finally {
          await f.cleanup();
        }
      });
    }
  });

  if (part === 1) {
    describe('hostile proxy headers', () => {
      const peer = fc.oneof(fc.constantFrom('127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.7'), addressText);
      const trust = fc.oneof(
        fc.constantFrom('false', '1', '2', '16', 'loopback', 'loopback, uniquelocal', '10.0.0.0/8 2001:db8::/32'),
        fc.integer({ min: 0, max: 16 }).map(String),
      );

      it('walks any X-Forwarded-For to the peer or one address in it, never past an untrusted hop, and keys any address', () => {
        fc.assert(
          fc.property(trust, peer, forwardedFor, (setting, from, header) => {
            const proxies = TrustProxySchema.parse(setting);
            const client = resolveClientAddress(proxies, from, header)!;
            const entries = header.split(',').map((entry) => entry.trim());
            expect(client === from || entries.includes(client)).toBe(true);
            if (proxies.kind === 'none') expect(client).toBe(from);
            // With n trusted hops, the client is the peer or one of the last n entries.
            if (proxies.kind === 'hops' && client !== from)
              expect(entries.lastIndexOf(client)).toBeGreaterThanOrEqual(entries.length - proxies.hops);
            expect(clientNetworkKey(client)).toBe(clientNetworkKey(client));
          }),
          { numRuns: RUNS, ...SEED },
        );
      });
    });
    return;
  }
  describe('hostile input on a real socket', () => {
    let f: Fixture;
    let server: ServerType;
    let port: number;
    let inFlight = 0;

    /** Until the app has answered every request it was given (an aborted one included). */
    async function settled(): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 2));
      for (let waited = 0; inFlight > 0; waited += 1) {
        if (waited > 5_000) throw new Error('the server still holds a request after 5 s');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }

    beforeAll(async () => {
      f = await createFixture();
      const fetch = async (request: Request) => {
        inFlight += 1;
        try {
          return await f.app.fetch(request);
        } finally {
          inFlight -= 1;
        }
      };
      server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
      // As server/runtime/node.ts does: Node's own refusals in the API's shape too.
      answerClientErrorsInApiShape(server as HttpServer);
      await new Promise((resolve) => server.once('listening', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await f.cleanup();
    });

    it(`answers ${SOCKET_RUNS} malformed, misframed and oversized bodies with 4xx in the API's shape (413 past 32 KiB) and writes nothing for them`, async () => {
      const bodies = SOCKET_ROUTES.map((route) => bodyOf(routes, route.of));
      // The route by its index: a counterexample then prints a number, not the route's arbitraries.
      const cases = fc.nat({ max: SOCKET_ROUTES.length - 1 }).chain((index) =>
        fc.record({
          index: fc.constant(index),
          bytes: fc.oneof(
            payloadOf(bodies[index]!).map((p) => p.bytes),
            overLimit(bodies[index]!),
          ),
          type: fc.oneof(
            { weight: 2, arbitrary: fc.constant<string | undefined>('application/json') },
            { weight: 1, arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES) },
          ),
          framing,
        }),
      );
      await fc.assert(
        fc.asyncProperty(cases, async ({ index, bytes, type, framing }) => {
          const route = SOCKET_ROUTES[index]!;
          const headers: Record<string, string> = {};
          if (type !== undefined) headers['Content-Type'] = type;
          if (route.admin) headers.Authorization = `Bearer ${f.adminToken}`;
          const request: RawRequest = { method: route.of.split(' ')[0]!, path: await route.path(f), headers, body: bytes, framing };
          const loggedBefore = f.logged.length;
          const before = f.changes();
          const res = await sendRaw(port, request);
          await settled();
          const sent = `${request.method} ${request.path} (${framing.kind}, ${bytes.length} bytes, ${type})`;
          const what = `${sent} → ${res?.status ?? 'no answer'}`;
          expect(f.logged.slice(loggedBefore).map(String), what).toEqual([]);
          if (framing.kind === 'short') {
            // A body cut short never completes: the app may refuse it before reading (401, 413, 415),
            // Node's parser may refuse a half-close (400), or nothing comes back.
            if (res) expectApiError(res.status, res.headers['content-type'], res.body, what);
            expect(f.changes(), `${what} wrote to the database`).toBe(before);
            return;
          }
          expect(res, what).not.toBeNull();
          expect(res!.status, what).toBeLessThan(500);
          if (route.limited && bytes.length > BODY_LIMIT) expect(res!.status, what).toBe(413);
          if (res!.status >= 400) {
            expectApiError(res!.status, res!.headers['content-type'], res!.body, what);
            expect(f.changes(), `${what} wrote to the database`).toBe(before);
          }
        }),
        { numRuns: SOCKET_RUNS, ...SEED },
      );
      // An aborted request the app finished after its case was checked.
      await settled();
      expect(f.logged.map(String)).toEqual([]);
    });

    it('still takes and stores feedback afterwards', async () => {
      // The fuzzed PATCHes may have turned the project off or on to spam checks; past the ingest's project cache.
      await f.store.updateProject(await f.resolve('projectKey'), { enabled: true, antiSpam: { minSeconds: 0, turnstile: false } });
      f.advanceClock(60_000);
      const body = feedbackBody({ project: await f.resolve('projectKey') });
      const bytes = encoder.encode(JSON.stringify(body));
      const res = await sendRaw(port, {
        method: 'POST',
        path: '/v1/feedback',
        headers: { 'Content-Type': 'text/plain' },
        body: bytes,
        framing: { kind: 'length' },
      });
      expect(res?.status).toBe(201);
      expect(await f.store.getFeedback(f.project.id, body.id as string)).not.toBeNull();
    });
  });
}
