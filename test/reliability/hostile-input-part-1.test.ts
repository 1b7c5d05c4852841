import { describeHostileInput } from './hostile-input.ts';

describeHostileInput(0);
