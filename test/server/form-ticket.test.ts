import { describe, expect, it } from 'vitest';
import { createFormTickets, webCryptoHmac } from '../../server/abuse/form-ticket.ts';
import { nodeHmac } from '../../server/runtime/node-hmac.ts';

describe('form tickets', () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  let clock = 1_700_000_000_000;
  const now = () => clock;

  it('are the same whichever HMAC the runtime brings, so instances on one database agree', async () => {
    const onNode = createFormTickets(async () => key, now, nodeHmac);
    const onWebCrypto = createFormTickets(async () => key, now, webCryptoHmac());
    const ticket = await onNode.issue('project-1');
    expect(await onWebCrypto.issue('project-1')).toBe(ticket);
    clock += 5000;
    expect(await onWebCrypto.age(ticket, 'project-1')).toBe(5000);
    expect(await onNode.age(ticket, 'project-1')).toBe(5000);
  });

  it('refuse a changed signature, time or project, and another database’s key', async () => {
    const tickets = createFormTickets(async () => key, now, nodeHmac);
    const ticket = await tickets.issue('project-1');
    const [time, mac] = ticket.split('.') as [string, string];
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(await tickets.age(`${time}.${flipped}`, 'project-1')).toBeNull();
    expect(await tickets.age(`${(parseInt(time, 36) - 60_000).toString(36)}.${mac}`, 'project-1')).toBeNull();
    expect(await tickets.age(ticket, 'project-2')).toBeNull();
    const elsewhere = createFormTickets(async () => crypto.getRandomValues(new Uint8Array(32)), now, nodeHmac);
    expect(await elsewhere.age(ticket, 'project-1')).toBeNull();
  });
});
