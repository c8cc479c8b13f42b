// Work that many events ask for at once, done once: a bulk fetch commits a link at a
// time, and the inbox needs reading again once, not fifty times.

/**
 * Returns `later(key, run)`: runs `run` `ms` after the first call for `key`, once however
 * often it was asked for meanwhile (the last `run` given wins).
 */
export function coalescer(ms: number): (key: string, run: () => void) => void {
  const waiting = new Map<string, () => void>();
  return (key, run) => {
    const queued = waiting.has(key);
    waiting.set(key, run);
    if (queued) return;
    setTimeout(() => {
      const latest = waiting.get(key);
      waiting.delete(key);
      latest?.();
    }, ms);
  };
}
