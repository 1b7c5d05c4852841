import { readTriggerSettings } from '../config.ts';
import { TRIGGERS_GLOBAL, type ArmTriggers } from '../panel-contract.ts';
import { watchRouteChanges } from './route-changes.ts';
import { armTriggers, pageView, parseTriggers, routeMatches, startCooldown } from './triggers.ts';

/**
 * The triggers bundle: loaded only by pages that configure a trigger, so the form's bundle
 * does not carry it. It learns of answers and dismissals from the form's `heed:*` window events.
 */
const arm: ArmTriggers = (project, source, open) => {
  let storage: Storage;
  try {
    storage = localStorage;
  } catch {
    // Blocked storage (sandboxed frames, privacy settings): no way to honour a cooldown, so never ask.
    return () => {};
  }
  const options = parseTriggers(readTriggerSettings(source));
  // Answered or dismissed: no trigger asks again for `cooldown` days.
  const rest = () => startCooldown(project, options.cooldown, storage, Date.now());
  addEventListener('heed:submit', rest);
  addEventListener('heed:close', rest);
  let view = pageView();
  let matched = routeMatches(options.match);
  let disarm = armTriggers(project, options, open, storage);
  // A single-page app's route change is a new page view: the triggers are armed again for it, the
  // match decided anew, and a timer for the route left is cancelled. openAfter counts from the
  // change (the page's start would be long past, and the form would open at once on arrival).
  // A query alone changing (filters, search as you type) starts nothing over unless it changes
  // whether data-match matches.
  const stopWatching = watchRouteChanges(() => {
    const nextView = pageView();
    const nextMatched = routeMatches(options.match);
    if (nextView === view && nextMatched === matched) return;
    view = nextView;
    matched = nextMatched;
    disarm();
    disarm = armTriggers(project, options, open, storage, performance.now());
  });
  return () => {
    stopWatching();
    disarm();
    removeEventListener('heed:submit', rest);
    removeEventListener('heed:close', rest);
  };
};

window[TRIGGERS_GLOBAL] = arm;
