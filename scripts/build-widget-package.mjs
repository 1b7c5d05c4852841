// Builds the npm package `heed-widget` into dist/widget-package/, ready for `npm pack`: the ES
// module (widget/npm.ts) with declarations emitted by tsc from the same source, so the types
// cannot drift from the code; `heed-widget/global`, which types `window.Heed` for script-tag
// users; its package.json (version from the root one), README and LICENSE. Zero dependencies.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const OUT = 'dist/widget-package';
const NAME = 'heed-widget';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const root = JSON.parse(readFileSync('package.json', 'utf8'));

// Not minified: the site's bundler minifies, and readable code in node_modules helps whoever debugs.
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: OUT,
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    reportCompressedSize: false,
    lib: { entry: 'widget/npm.ts', formats: ['es'], fileName: () => 'index.js' },
  },
});
// `import 'heed-widget/global'` works as well as `/// <reference types>`: an empty module.
writeFileSync(`${OUT}/global.js`, '// Types only: see global.d.ts.\nexport {};\n');

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [
    tsc,
    '--ignoreConfig',
    'widget/npm.ts',
    '--declaration',
    '--emitDeclarationOnly',
    '--strict',
    '--allowImportingTsExtensions',
    '--rewriteRelativeImportExtensions',
    '--target',
    'es2022',
    '--module',
    'esnext',
    '--moduleResolution',
    'bundler',
    '--lib',
    'es2023,dom',
    '--skipLibCheck',
    // The entry reaches widget/ and the shared contract/ (its types: rating kinds, a submission's fields).
    '--rootDir',
    '.',
    '--outDir',
    `${OUT}/types`,
  ],
  { stdio: 'inherit' },
);
const declarations = readdirSync(`${OUT}/types`, { recursive: true }).map(String);
for (const file of declarations.filter((name) => name.endsWith('.d.ts'))) {
  const path = `${OUT}/types/${file}`;
  // Declaration files keep the source's `.ts` specifiers; consumers resolve `.js` ones everywhere.
  let text = readFileSync(path, 'utf8').replace(/(from '\.{1,2}\/[^']+)\.ts'/g, "$1.js'");
  if (file.split(/[\\/]/).join('/') === 'widget/api.d.ts') {
    // api.ts types window.Heed loosely for the widget's own code; the package's type for it is
    // HeedGlobal (heed-widget/global), and two declarations of one property cannot differ.
    const loose = /\ndeclare global \{\n {4}interface Window \{\n {8}Heed\?: HeedFunction;\n {4}\}\n\}\n/;
    if (!loose.test(text)) throw new Error(`${path}: the declaration of window.Heed changed; update this build.`);
    text = text.replace(loose, '\n');
  }
  writeFileSync(path, text);
}
const emitted = declarations.filter((name) => name.endsWith('.d.ts')).sort();
for (const file of emitted) {
  if (/^declare global\b/m.test(readFileSync(`${OUT}/types/${file}`, 'utf8'))) {
    throw new Error(`${OUT}/types/${file} declares globals: importing the package must not change the page's global types.`);
  }
}

writeFileSync(
  `${OUT}/global.d.ts`,
  `// \`window.Heed\` for pages that add widget.js with a script tag: \`/// <reference types="${NAME}/global" />\`,
// \`"types": ["${NAME}/global"]\` in tsconfig.json, or \`import '${NAME}/global'\`.
import type { HeedGlobal } from './types/widget/npm-global.js';

declare global {
  interface Window {
    Heed?: HeedGlobal;
  }
}

export {};
`,
);

copyFileSync('LICENSE', `${OUT}/LICENSE`);
copyFileSync('widget/package/README.md', `${OUT}/README.md`);

const pkg = {
  name: NAME,
  version: root.version,
  description: "Heed's feedback widget as an ES module: load it from your Heed server and call its typed API.",
  keywords: ['feedback', 'widget', 'heed', 'survey', 'nps'],
  license: root.license,
  ...(root.repository && { repository: root.repository }),
  ...(root.homepage && { homepage: root.homepage }),
  type: 'module',
  // Types first: TypeScript takes the first condition that matches.
  exports: {
    '.': { types: './types/widget/npm.d.ts', default: './index.js' },
    './global': { types: './global.d.ts', default: './global.js' },
    './package.json': './package.json',
  },
  // For tools that predate `exports` (TypeScript's `node10` resolution).
  main: './index.js',
  types: './types/widget/npm.d.ts',
  files: ['index.js', 'global.js', 'global.d.ts', 'types'],
  sideEffects: false,
};
writeFileSync(`${OUT}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);

const code = readFileSync(`${OUT}/index.js`);
console.log(
  `${OUT}: ${NAME}@${pkg.version}; index.js ${code.length} B (${gzipSync(code, { level: 9 }).length} B gzipped); types/${emitted.join(', types/')}`,
);
