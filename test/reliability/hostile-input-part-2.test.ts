import { describeHostileInput } from './hostile-input.ts';

await describeHostileInput(1);
