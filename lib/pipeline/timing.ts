import { performance } from "perf_hooks";

/**
 * Phase timings of one synth, for `npm run bench` and BASECAMP_TIMING=1:
 * milliseconds since the process started, at the end of each phase.
 */
const marks: { phase: string; at: number; rss: number }[] = [];

let progress: ((phase: string) => void) | undefined;

/** Calls `fn` as each phase ends (a terminal's progress line). */
export function onPhase(fn: ((phase: string) => void) | undefined): void {
  progress = fn;
}

/** A synth starts: the phases of the one before (in watch mode) are dropped. */
export function resetMarks(): void {
  marks.length = 0;
}

export function mark(phase: string): void {
  marks.push({ phase, at: performance.now(), rss: process.memoryUsage.rss() });
  progress?.(phase);
}

/** Each phase's time, and the process's resident memory at its end (MB). */
export function timings(): { phase: string; ms: number; mb: number }[] {
  return marks.map((m, i) => ({ phase: m.phase, ms: m.at - (i === 0 ? 0 : marks[i - 1].at), mb: m.rss / 2 ** 20 }));
}
