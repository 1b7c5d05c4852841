import { TURNSTILE_GLOBAL } from '../panel-contract.ts';
import { startTurnstile } from './turnstile.ts';

/** The Turnstile bundle: loaded by the form only for projects that ask for Turnstile. */
window[TURNSTILE_GLOBAL] = startTurnstile;
