/** Escapes LIKE's wildcards (and the escape character itself) for `LIKE ? ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** A glob (`*` matches any run of characters) as a LIKE pattern for `LIKE ? ESCAPE '\'`. */
export function globToLike(glob: string): string {
  return glob.split('*').map(escapeLike).join('%');
}
