/** Tells the site owner, in the console, what the widget could not do and why. */
export const warn = (what: string, ...details: unknown[]): void => console.warn(`[heed] ${what}`, ...details);
