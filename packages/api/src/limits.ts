/**
 * Limits every request is held to before its schema runs (the server's input guard): nesting depth, array
 * length, object keys, number range. Numbers beyond ±(2³¹ − 1) are refused so counters and offsets stay
 * integers in both databases.
 */
export const INPUT_LIMITS = {
  maxDepth: 32,
  maxArrayLength: 10_000,
  maxObjectKeys: 1_000,
  maxAbsNumber: 2_147_483_647,
} as const;
