import { TokenMap } from "cdktf/lib/tokens/private/token-map";

interface Maps {
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
}

/**
 * Runs `build`, then forgets the tokens it registered. cdktf keeps every
 * token in one map for the life of the process, and each token holds its
 * construct: no construct tree would ever be released, in a fleet's render
 * or in watch mode (a leak per save). A pass's stacks are plain JSON once
 * synthesized, so nothing resolves its tokens again. Tokens registered
 * before (by module-level code) stay.
 */
export function releasingTokens<T>(build: () => T): T {
  const maps = TokenMap.instance() as unknown as Maps;
  const kept = [maps.stringTokenMap.size, maps.numberTokenMap.size] as const;
  try {
    return build();
  } finally {
    forgetAfter(maps.stringTokenMap, kept[0]);
    forgetAfter(maps.numberTokenMap, kept[1]);
  }
}

/** Deletes the entries past the first `keep`: cdktf only ever adds, so these are the newest. */
function forgetAfter<K>(map: Map<K, unknown>, keep: number): void {
  const late: K[] = [];
  let i = 0;
  for (const key of map.keys()) if (i++ >= keep) late.push(key);
  for (const key of late) map.delete(key);
}
