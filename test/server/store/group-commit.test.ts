import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../server/store/group-commit.ts';

describe('group commit', () => {
  it('commits writes that arrive in the same turn as one batch, answering each caller', async () => {
    const batches: number[][] = [];
    const write = createGroupCommit(async (items: number[]) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3, 4].map(write));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(await write(5)).toBe(10);
    expect(batches).toHaveLength(2);
  });

  it('fails only the item the batch answers with an Error', async () => {
    const write = createGroupCommit(async (items: number[]) => items.map((n) => (n < 0 ? new Error(`bad ${n}`) : n)));
    const settled = await Promise.allSettled([1, -1, 2].map(write));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('commits writes that arrive during a commit together in the next one', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const write = createGroupCommit(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items;
    });
    const first = write(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map(write);
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('retries a failed batch item by item so only the bad write fails', async () => {
    const write = createGroupCommit(async (items: number[]) => {
      if (items.includes(13)) throw new Error('bad row');
      return items;
    });
    const settled = await Promise.allSettled([1, 13, 2].map(write));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('bad row') },
      { status: 'fulfilled', value: 2 },
    ]);
  });
});
