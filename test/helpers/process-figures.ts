import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process's resident memory now, in MB (Linux). */
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Pins a process (all its threads) to one core, so a server and its load generator do not take each other's. */
export const pinToCpu = (pid: number, cpu: number) => execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
