/**
 * The largest seed a run takes: seeds are safe integers, since a run's
 * random streams are named after its seed and a seed past 2^53 − 1 would
 * stand for several.
 */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * Why `count` consecutive seeds from `first` (`first`, `first + 1`, …) do
 * not all fit under `MAX_SEED`, in the words the user gave them
 * (`firstName`, `countName`: "--seed", "--seeds"); undefined when they fit.
 */
export function seedRangeProblem(first: number, firstName: string, count: number, countName: string): string | undefined {
  // Compared without adding, which could round past 2^53.
  if (count - 1 <= MAX_SEED - first) return undefined;
  return `${firstName} + ${countName} − 1 must be at most ${MAX_SEED} (the largest seed); ${first} + ${count} − 1 is past it: start from a smaller seed or run fewer`;
}
