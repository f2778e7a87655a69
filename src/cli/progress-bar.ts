/** Where the bar draws: a terminal stream. */
export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/**
 * A one-line progress bar on stderr for work that takes more than a moment:
 * units done of the total, elapsed time and an ETA from the mean pace so
 * far. It stays silent for the first `quietForMs` (short jobs print
 * nothing), redraws at most ten times a second, and is off altogether when
 * the stream is not a terminal (logs and pipes get no control characters).
 */
export class ProgressBar {
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
    private readonly quietForMs = 500,
  ) {
    this.started = now();
  }

  /** Whether the bar draws at all on this stream. */
  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const t = this.now();
    const elapsed = t - this.started;
    if (elapsed < this.quietForMs) return;
    if (done < total && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.drawn = true;
    this.stream.write(`\r${this.line(done, total, elapsed)}\u001b[K`);
  }

  /** Clears the bar so that what follows starts on a clean line. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
    this.drawn = false;
  }

  /** The bar's text, e.g. `compare ██████░░░░░░  12/40 runs  0:07 elapsed  ETA 0:16`. */
  line(done: number, total: number, elapsedMs: number): string {
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 50));
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    const eta = done > 0 && done < total ? `  ETA ${clock(((total - done) * elapsedMs) / done)}` : '';
    return `${this.label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)}  ${done}/${total} runs  ${clock(elapsedMs)} elapsed${eta}`;
  }
}

/** Milliseconds as m:ss, or h:mm:ss past an hour. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
