/**
 * Turns the first Ctrl-C (SIGINT) into an abort of `signal`, so that long
 * work can stop in order and say what it kept; a second Ctrl-C stops the
 * process at once, as usual. `release` removes the handler.
 */
export function abortOnInterrupt(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    process.removeListener('SIGINT', onSignal);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  return { signal: controller.signal, release: () => process.removeListener('SIGINT', onSignal) };
}
