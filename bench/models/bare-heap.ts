// The bare heap moved to src/bench (the `manychip bench` command calibrates against it too).
export { BareHeap } from '../../src/bench/bare-heap.js';
