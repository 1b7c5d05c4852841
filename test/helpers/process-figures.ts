import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process's resident memory now, in MB (Linux). */
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Pins a process (all its threads) to one core, so a server and its load generator do not take each other's. */
export const pinToCpu = (pid: number, cpu: number) =>
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });

/** CPU time a process has used so far, in ms (utime + stime in /proc/<pid>/stat, at Linux's 100 ticks a second). */
export const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/**
 * One core's time so far, in ticks: all of it, what processes used (user, nice, system, irq,
 * softirq), and what the hypervisor gave to other machines (steal).
 */
export const coreTicks = (cpu: number) => {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = new RegExp(`^cpu${cpu} (.+)$`, 'm')
    .exec(readFileSync('/proc/stat', 'utf8'))![1]!
    .split(' ')
    .map(Number) as [number, number, number, number, number, number, number, number];
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, used: user + nice + system + irq + softirq, steal };
};
