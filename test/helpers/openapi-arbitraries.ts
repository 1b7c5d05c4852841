import fc from 'fast-check';

/**
 * fast-check arbitraries from an OpenAPI 3.1 document's JSON Schemas: the subset zod and
 * @hono/zod-openapi emit (type and type arrays for nullable, properties, required,
 * additionalProperties, enum, const, anyOf/oneOf, string lengths and formats, integer and number
 * bounds, array items and lengths, `$ref` to components). The values are valid-ish: valid for
 * the document, and for the app's own schemas as far as the document can say. What it cannot say
 * (a field's pattern, a time zone, an origin) comes from a `Domain`: hand-made arbitraries for
 * those places, chosen by the place's name or the schema's pattern. Broken and hostile values
 * are the caller's part (test/reliability/hostile-input.ts).
 */

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
  $ref?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** The document an app serves (`app.request` of a Hono app: no port). */
export async function openApiDocumentOf(app: { request: (path: string) => Response | Promise<Response> }): Promise<OpenApiDocument> {
  const res = await app.request('/openapi.json');
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every path × method of the document, methods in upper case. */
export function operationsOf(document: OpenApiDocument): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/** Where a schema sits: the name of the property or parameter it belongs to (array items and union branches keep it), and its object's. */
export interface Place {
  name: string | undefined;
  parent: string | undefined;
}

/**
 * Hand-made values for a place, or undefined for the schema's own. `derived()` is what the
 * converter would make there, for a domain that only mixes values in.
 */
export type Domain = (schema: JsonSchema, place: Place, derived: () => fc.Arbitrary<unknown>) => fc.Arbitrary<unknown> | undefined;

export interface ConvertOptions {
  /** The document's `components.schemas`, for `$ref`. */
  components?: Record<string, JsonSchema>;
  domain?: Domain;
  /** The name of the parameter or property the schema is for, if any. */
  name?: string;
}

/**
 * Beside required properties, an optional one is left out once in OPTIONAL_ABSENT: most values
 * carry most fields, for the fuzz to break. An object whose properties are all optional (a PATCH
 * body, a filter) is a partial one: each property half the time, never none (an empty change is
 * refused, and says nothing).
 */
const OPTIONAL_ABSENT = 6;
const ABSENT = Symbol('absent');
/** Keys of a dictionary (`additionalProperties` with a schema): plain identifiers, as a key pattern the document cannot show would want. */
const dictionaryKey = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'),
  minLength: 1,
  maxLength: 20,
});

export function arbitraryOf(schema: JsonSchema, options: ConvertOptions = {}): fc.Arbitrary<unknown> {
  const build = (node: JsonSchema, place: Place, refs: readonly string[]): fc.Arbitrary<unknown> => {
    if (node.$ref !== undefined) {
      if (refs.includes(node.$ref)) throw new Error(`recursive schema at ${node.$ref}: not supported`);
      return build(resolve(node.$ref, options.components), place, [...refs, node.$ref]);
    }
    const derived = () => derive(node, place, refs);
    return options.domain?.(node, place, derived) ?? derived();
  };

  const derive = (node: JsonSchema, place: Place, refs: readonly string[]): fc.Arbitrary<unknown> => {
    if ('const' in node) return fc.constant(node.const);
    if (node.enum !== undefined) return fc.constantFrom(...node.enum);
    const branches = node.anyOf ?? node.oneOf;
    if (branches !== undefined) return fc.oneof(...branches.map((branch) => build(branch, place, refs)));
    const types = node.type === undefined ? [] : [node.type].flat();
    if (types.length > 1) {
      // Each type with the node's other keywords (`["integer", "null"]` with its bounds); null seldom.
      return fc.oneof(...types.map((type) => ({ weight: type === 'null' ? 1 : 4, arbitrary: build({ ...node, type }, place, refs) })));
    }
    switch (types[0] ?? (node.properties ? 'object' : undefined)) {
      case 'string':
        return stringOf(node);
      case 'integer':
        return integerOf(node);
      case 'number':
        return fc.double({ min: node.minimum, max: node.maximum, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const items = node.items ? build(node.items, place, refs) : fc.jsonValue({ maxDepth: 1 });
        const lengths = { minLength: node.minItems ?? 0, maxLength: node.maxItems };
        return node.uniqueItems
          ? fc.uniqueArray(items, { ...lengths, selector: (item) => JSON.stringify(item) })
          : fc.array(items, lengths);
      }
      case 'object':
        return objectOf(node, (property, name) => build(property, { name, parent: place.name }, refs));
      default:
        // No type: anything JSON.
        return fc.jsonValue({ maxDepth: 2 });
    }
  };

  return build(schema, { name: options.name, parent: undefined }, []);
}

function resolve(ref: string, components: Record<string, JsonSchema> | undefined): JsonSchema {
  const prefix = '#/components/schemas/';
  const schema = ref.startsWith(prefix) ? components?.[ref.slice(prefix.length)] : undefined;
  if (!schema) throw new Error(`unresolved $ref ${ref}`);
  return schema;
}

function objectOf(
  node: JsonSchema,
  build: (schema: JsonSchema, name: string) => fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(node.required ?? []);
  const properties = Object.entries(node.properties ?? {});
  const partial = required.size === 0;
  const fields = Object.fromEntries(
    properties.map(([name, property]) => {
      const value = build(property, name);
      return [name, required.has(name) ? value : fc.option(value, { nil: ABSENT, freq: partial ? 2 : OPTIONAL_ABSENT })];
    }),
  );
  const known = fc
    .record(fields)
    .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ABSENT)))
    .filter((record) => !partial || properties.length === 0 || Object.keys(record).length > 0);
  const extra = node.additionalProperties;
  if (typeof extra !== 'object') return known;
  return fc
    .tuple(fc.dictionary(dictionaryKey, build(extra, 'additionalProperties'), { maxKeys: 4 }), known)
    .map(([more, own]) => ({ ...more, ...own }));
}

function integerOf(node: JsonSchema): fc.Arbitrary<number> {
  const min = Math.ceil(node.minimum ?? -(2 ** 31));
  const max = Math.floor(node.maximum ?? 2 ** 31 - 1);
  // fc.integer takes 32-bit bounds; bigInt reaches any safe integer.
  return min >= -(2 ** 31) && max < 2 ** 31 ? fc.integer({ min, max }) : fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
}

/** Dates between 1970 and 2100. */
const date = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
const label = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 12 });
/** The plain addresses every validator takes (zod's is stricter than RFC 5322, as the app's is). */
const email = fc
  .tuple(label, fc.constantFrom('', '.', '+', '_', '-'), label, label, fc.constantFrom('example', 'test', 'co.uk'))
  .map(([user, sep, tag, domain, tld]) => `${user}${sep ? sep + tag : ''}@${domain}.${tld}`);
const url = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true });

function stringOf(node: JsonSchema): fc.Arbitrary<string> {
  const max = node.maxLength ?? Infinity;
  const fits = (text: string) => text.length <= max;
  switch (node.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return email.filter(fits);
    case 'uri':
      return url.filter(fits);
    case 'date-time':
      return date.map((d) => d.toISOString());
    case 'date':
      return date.map((d) => d.toISOString().slice(0, 10));
  }
  // A pattern the domain did not know: plain text within the lengths, which the field will mostly refuse.
  // The converter never builds a RegExp from a document's pattern.
  return textOf(node.minLength ?? 0, max);
}

/**
 * Text a person would type: printable (ASCII mostly, any script sometimes), never blank, no
 * surrounding spaces (the app trims people's text, and an empty optional field counts as absent),
 * at most 60 characters past the minimum (longer text is the fuzz's). Lengths count UTF-16 code
 * units, as zod does.
 */
function textOf(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const min = Math.max(minLength, 1);
  const max = Math.max(min, Math.min(maxLength, min + 60));
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: max }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }) },
    )
    .map((text) => text.trim().padEnd(min, 'x'))
    .filter((text) => text.length <= maxLength);
}

const hex = (length: number, digits = '0123456789abcdef') =>
  fc.string({ unit: fc.constantFrom(...digits), minLength: length, maxLength: length });

/**
 * Heed's fields with a `pattern`, keyed by the pattern's text in our own /openapi.json: hand-made
 * arbitraries, so no RegExp is built from the document (test/reliability/openapi-arbitraries.test.ts
 * checks that every pattern in the document has one here).
 */
export const PATTERN_VALUES: Record<string, fc.Arbitrary<string>> = {
  // A project key (contract/submission.ts's PROJECT_KEY).
  '^[A-Za-z0-9_-]{1,64}$': fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'),
    minLength: 1,
    maxLength: 64,
  }),
  // A BCP 47 language tag (LANGUAGE_TAG).
  '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$': fc.constantFrom('en', 'en-US', 'de', 'pt-BR', 'zh-Hant-TW', 'fil', 'sr-Latn-RS', 'EN-gb'),
  // A theme's accent colour.
  '^#[0-9a-fA-F]{6}$': hex(6, '0123456789abcdefABCDEF').map((digits) => `#${digits}`),
  // An admin token's id.
  '^[0-9a-f]{16}$': hex(16),
  // A feedback tag.
  '^[\\p{L}\\p{N} _.:-]{1,40}$': fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÄéß日本0123456789 _.:-'),
    minLength: 1,
    maxLength: 40,
  }),
};

/** The IANA zones this runtime knows, and UTC (which the list leaves out). */
const timeZone = fc.constantFrom('UTC', ...Intl.supportedValuesOf('timeZone'));

/**
 * What Heed's schemas check beyond the document: patterns (above), IANA time zones, allowed
 * origins (an origin is a URL with nothing after the port), the widget's hidden honeypot field,
 * which people leave empty (a filled one is discarded as a bot's), and follow-up thresholds.
 */
export const heedDomain: Domain = (schema, place) => {
  if (schema.pattern !== undefined) return PATTERN_VALUES[schema.pattern];
  if (place.name === 'honeypot') return fc.constant('');
  if (place.name === 'timeZone' && schema.type === 'string' && schema.enum === undefined) return timeZone;
  if (place.name === 'allowedOrigins' && schema.format === 'uri') return url.map((href) => new URL(href).origin);
  // A follow-up's threshold must be a value of the config's own rating kind (a rule across fields,
  // beyond JSON Schema): 1 is one on every scale (thumbs 0–1, NPS 0–10, the rest 1–5).
  if ((place.name === 'atMost' || place.name === 'atLeast') && schema.type === 'integer') return fc.constant(1);
  return undefined;
};
