import { readTriggerSettings } from '../config.ts';
import { TRIGGERS_GLOBAL, type ArmTriggers } from '../panel-contract.ts';
import { armTriggers, parseTriggers, startCooldown } from './triggers.ts';

/**
 * The triggers bundle: loaded only by pages that configure a trigger, so the form's bundle
 * does not carry it. It learns of answers and dismissals from the form's `heed:*` window events.
 */
const arm: ArmTriggers = (project, source) => {
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
  const disarm = armTriggers(project, options, () => window.Heed?.('open'), storage);
  return () => {
    disarm();
    removeEventListener('heed:submit', rest);
    removeEventListener('heed:close', rest);
  };
};

window[TRIGGERS_GLOBAL] = arm;
