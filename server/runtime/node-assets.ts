import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createMemoryAssets, type AssetSource } from '../assets.ts';

/** Reads every file under each `dir` into memory, at the URL prefix given (the files are small). */
export function loadAssetDirectories(mounts: { dir: string; urlPrefix: string }[]): AssetSource {
  const files = new Map<string, Uint8Array>();
  for (const { dir, urlPrefix } of mounts) {
    if (!existsSync(dir)) continue;
    for (const file of walk(dir)) {
      const urlPath = `${urlPrefix}/${relative(dir, file).split(sep).join('/')}`.replace(/\/+/g, '/');
      files.set(urlPath, readFileSync(file));
    }
  }
  return createMemoryAssets(files);
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
