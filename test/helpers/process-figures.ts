import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process's resident memory now, in MB (Linux). */
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Pins a process (all its threads) to one core, so a server and its load generator do not take each other's. */
export const pinToCpu = (pid: number, cpu: number) => execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });

/** CPU time a process has used so far, in ms (utime + stime in /proc/<pid>/stat, at Linux's 100 ticks a second). */
export const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** One core's time so far, in ticks: all of it, and what the hypervisor gave to others (steal). */
export const coreTicks = (cpu: number) => {
  const ticks = new RegExp(`^cpu${cpu} (.+)$`, 'm').exec(readFileSync('/proc/stat', 'utf8'))![1]!.split(' ').slice(0, 8).map(Number);
  return { total: ticks.reduce((a, b) => a + b, 0), steal: ticks[7]! };
};
