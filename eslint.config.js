// Lint: typescript-eslint's recommended rules, the import boundaries of docs/architecture.md
// (eslint-plugin-boundaries) and no import cycles, type-only imports included (heed/no-cycle below).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

const ROOT = dirname(fileURLToPath(import.meta.url));
const SOURCE_FOLDERS = ['contract', 'widget', 'dashboard', 'server', 'test', 'bench', 'scripts'];
const CODE_FILE = /\.(ts|tsx|js|mjs)$/;

// ---------------------------------------------------------------------------------------------
// heed/no-cycle: eslint-plugin-import-x's no-cycle skips `import type`, but a cycle of types is
// still a cycle between modules (store.ts → forwarding.ts → notification.ts → store.ts). The graph
// is read once per ESLint run with TypeScript's own import scanner; each import whose target lies
// in the importer's strongly connected component is reported with one path back.

function listCodeFiles(folder) {
  const entries = readdirSync(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && CODE_FILE.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

function importsOf(file) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map(({ fileName }) => fileName).filter((specifier) => specifier.startsWith('.'));
}

/** Resolves a relative specifier (the repository spells extensions out) to a file in the graph, or null. */
function resolveImport(importer, specifier, files) {
  const target = resolve(dirname(importer), specifier.replace(/\?.*$/, ''));
  return files.has(target) ? target : null;
}

/** Tarjan's strongly connected components: file → component id, for components that hold a cycle. */
function cyclicComponents(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const component = new Map();
  let counter = 0;
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const members = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      members.push(member);
    } while (member !== node);
    if (members.length > 1 || graph.get(node).has(node)) for (const file of members) component.set(file, node);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return component;
}

let importGraph;
function loadImportGraph() {
  if (importGraph) return importGraph;
  const files = new Set(SOURCE_FOLDERS.flatMap((folder) => listCodeFiles(join(ROOT, folder))));
  const graph = new Map();
  for (const file of files) {
    graph.set(
      file,
      new Set(
        importsOf(file)
          .map((specifier) => resolveImport(file, specifier, files))
          .filter(Boolean),
      ),
    );
  }
  importGraph = { files, graph, component: cyclicComponents(graph) };
  return importGraph;
}

/** The shortest import path from `start` back to `goal`, inside their component. */
function pathBack(start, goal, { graph, component }) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === goal) break;
    for (const next of graph.get(node)) {
      if (previous.has(next) || component.get(next) !== component.get(goal)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  const path = [];
  for (let node = goal; node !== null; node = previous.get(node)) path.unshift(relative(ROOT, node));
  return path;
}

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles, type-only imports included' },
    messages: { cycle: 'Import cycle: {{path}}' },
    schema: [],
  },
  create(context) {
    const file = context.physicalFilename;
    const loaded = loadImportGraph();
    if (!loaded.component.has(file)) return {};
    const check = (source) => {
      if (typeof source?.value !== 'string' || !source.value.startsWith('.')) return;
      const target = resolveImport(file, source.value, loaded.files);
      if (target === null || loaded.component.get(target) !== loaded.component.get(file)) return;
      context.report({
        node: source,
        messageId: 'cycle',
        data: { path: [relative(ROOT, file), ...pathBack(target, file, loaded)].join(' → ') },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Boundaries. Each folder below is an element (a subfolder listed before its parent is its own
// element); a policy's last match decides. What each may import, and why, is in docs/architecture.md.

const element = (type) => ({ element: { type } });
const CORE = ['server', 'schemas', 'store', 'store-node', 'store-d1', 'routes', 'channels', 'notify', 'digest', 'jobs'];
// Packages that only a runtime (server/runtime/*, the CLI) or a store backend may load.
const RUNTIME_PACKAGES = [
  '@hono/node-server',
  '@hono/node-server/**',
  'undici',
  'nodemailer',
  'better-sqlite3',
  'pg',
  '@cloudflare/workers-types',
];

const boundaryElements = [
  { type: 'contract', pattern: 'contract', partialMatch: false },
  { type: 'widget', pattern: 'widget', partialMatch: false },
  { type: 'dashboard', pattern: 'dashboard', partialMatch: false },
  { type: 'runtime', pattern: 'server/runtime', partialMatch: false },
  { type: 'schemas', pattern: 'server/schemas', partialMatch: false },
  { type: 'store-node', pattern: 'server/store/{sqlite,postgres}', partialMatch: false },
  { type: 'store-d1', pattern: 'server/store/d1', partialMatch: false },
  { type: 'store', pattern: 'server/store', partialMatch: false },
  { type: 'routes', pattern: 'server/routes', partialMatch: false },
  { type: 'channels', pattern: 'server/channels', partialMatch: false },
  { type: 'notify', pattern: 'server/notify', partialMatch: false },
  { type: 'digest', pattern: 'server/digest', partialMatch: false },
  { type: 'jobs', pattern: 'server/jobs', partialMatch: false },
  { type: 'server', pattern: 'server', partialMatch: false },
  { type: 'test', pattern: 'test', partialMatch: false },
  { type: 'bench', pattern: 'bench', partialMatch: false },
  { type: 'scripts', pattern: 'scripts', partialMatch: false },
];
const boundaryFiles = [
  { category: 'cli', pattern: 'server/cli/**' },
  { category: 'client', pattern: 'server/client.ts' },
];

const boundaryPolicies = [
  {
    // Shared by browsers, Node and Workers: plain TypeScript that needs nothing else.
    from: element('contract'),
    disallow: { to: [{ module: { origin: ['local', 'external', 'core'] } }] },
    message: 'contract/ imports only contract/: no other folder, no package, no Node built-in.',
  },
  { from: element('contract'), allow: { to: element('contract') } },
  {
    from: element('widget'),
    disallow: { to: [{ module: { origin: ['local', 'core'] } }, { module: { origin: 'external', source: '!preact' } }] },
    message: 'The widget imports only widget/, contract/ and Preact: what it shares with the server lives in contract/.',
  },
  { from: element('widget'), allow: { to: element(['widget', 'contract']) } },
  {
    from: element('dashboard'),
    disallow: { to: [{ module: { origin: ['local', 'core'] } }] },
    message: 'The dashboard talks to the server only through server/client.ts and contract/ (and `import type` of server/schemas/).',
  },
  { from: element('dashboard'), allow: { to: [element(['dashboard', 'contract']), { file: { categories: 'client' } }] } },
  { from: element('dashboard'), allow: { to: element('schemas'), dependency: { kind: 'type' } } },
  {
    from: element(CORE),
    disallow: { to: [element('runtime'), { module: { origin: 'core' } }, { module: { origin: 'external', source: RUNTIME_PACKAGES } }] },
    message: 'Only server/runtime/*, server/cli/ and the store backends (their drivers) know a runtime: the core gets it through deps.',
  },
  {
    from: element(CORE),
    disallow: { to: element(['widget', 'dashboard', 'test', 'bench', 'scripts']) },
    message: 'The server does not import the widget, the dashboard, tests, benchmarks or scripts.',
  },
  // The CLI is a Node entry point like server/runtime/node.ts.
  {
    from: { element: { type: 'server' }, file: { categories: 'cli' } },
    allow: { to: [element('runtime'), { module: { origin: 'core' } }] },
  },
  // The SQLite and Postgres stores run on Node only: they may load their drivers and migration files.
  {
    from: element('store-node'),
    allow: { to: [{ module: { origin: 'core' } }, { module: { origin: 'external', source: ['better-sqlite3', 'pg'] } }] },
  },
  {
    from: element('store-d1'),
    allow: { to: { module: { origin: 'external', source: '@cloudflare/workers-types' } }, dependency: { kind: 'type' } },
  },
  {
    from: element(['store', 'store-node', 'store-d1']),
    disallow: { to: element(['routes', 'channels', 'notify', 'digest', 'jobs', 'runtime', 'server']) },
    message:
      'Stores import only store/, schemas/ and contract/: routes, channels, notifications, digests, jobs and the app depend on stores, not the other way.',
  },
  {
    from: element('runtime'),
    disallow: { to: element(['widget', 'dashboard', 'test', 'bench', 'scripts']) },
    message: 'The runtimes do not import the widget, the dashboard, tests, benchmarks or scripts.',
  },
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-results/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Node's globals are a runtime import by another name: the core gets time, randomness and I/O from deps.
    files: ['server/**/*.ts'],
    ignores: ['server/runtime/**', 'server/cli/**', 'server/store/sqlite/**', 'server/store/postgres/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'setImmediate', 'clearImmediate', 'require', '__dirname', '__filename', 'global'].map((name) => ({
          name,
          message: `${name} is Node's: only server/runtime/*, server/cli/ and the Node store backends use it.`,
        })),
      ],
    },
  },
  {
    plugins: { boundaries, heed: { rules: { 'no-cycle': noCycle } } },
    settings: {
      'boundaries/elements': boundaryElements,
      'boundaries/files': boundaryFiles,
      'boundaries/include': SOURCE_FOLDERS.map((folder) => `${folder}/**/*`),
    },
    rules: {
      // As TypeScript's noUnusedParameters: a leading underscore marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'heed/no-cycle': 'error',
      'boundaries/dependencies': ['error', { default: 'allow', checkAllOrigins: true, policies: boundaryPolicies }],
    },
  },
);
