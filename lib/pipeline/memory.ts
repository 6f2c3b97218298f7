import * as v8 from "v8";
import * as vm from "vm";

/** Constructs past which a render counts as a fleet's: below it, V8's own pace of collection costs nothing. */
const FLEET = 20_000;

let collect: (() => void) | undefined;
let large = false;
let constructs = 0;

/** A render starts: nothing counted yet. */
export function startRender(): void {
  constructs = 0;
  large = false;
}

/**
 * Counts the constructs of charts as each pass synthesizes them; past
 * FLEET the render is a fleet's, and collects its garbage as it goes
 * (compact), rather than let V8 grow the heap to three times what is live
 * before it does.
 */
export function expectObjects(count: number): void {
  constructs += count;
  large = constructs >= FLEET;
  if (large && !collect) {
    v8.setFlagsFromString("--expose-gc");
    collect = vm.runInNewContext("gc") as () => void;
  }
}

/** What was live after the last collection; a collection is due when the heap has grown half again past it. */
let live = 0;
const GROWTH = 1.5;
const FLOOR = 256 * 2 ** 20;

/**
 * Collects if this is a fleet's render and the heap has grown half again
 * past what was live last time (V8 itself lets it grow two to four times):
 * cheap to call often, since it only reads the heap's size.
 */
export function compact(): void {
  if (!large || !collect) return;
  if (v8.getHeapStatistics().used_heap_size < Math.max(live * GROWTH, FLOOR)) return;
  collect();
  live = v8.getHeapStatistics().used_heap_size;
}
