import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../server/store/group-commit.ts';

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
