/**
 * seedrandom's Alea generator on its own (seedrandom/lib/alea.js, the same
 * function as `seedrandom.alea`): importing it alone leaves out the rest of
 * seedrandom, whose main module loads Node's crypto at start-up for
 * auto-seeding, which manychip never uses.
 */
declare module 'seedrandom/lib/alea.js' {
  import type seedrandom from 'seedrandom';

  const alea: seedrandom['alea'];
  export default alea;
}
