// Autosave: each edited target (the fields, one story) saves after a short idle,
// one save at a time per target, and reports one overall state for the "Saved" badge.

export type SaveState =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "error"; message: string };

type Timer = ReturnType<typeof setTimeout>;

interface Target {
  save: () => Promise<void>;
  timer: Timer | null;
  running: Promise<void> | null;
  dirty: boolean;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(t: Timer): void;
}

export class Autosaver {
  private targets = new Map<string, Target>();
  private lastError: string | null = null;

  constructor(
    private readonly idleMs: number,
    private readonly onState: (s: SaveState) => void,
    private readonly clock: Clock = globalThis,
  ) {}

  /** Marks `key` as edited; `save` runs once the author pauses for `idleMs`. */
  touch(key: string, save: () => Promise<void>): void {
    const t = this.targets.get(key) ?? { save, timer: null, running: null, dirty: false };
    t.save = save;
    t.dirty = true;
    if (t.timer) this.clock.clearTimeout(t.timer);
    t.timer = this.clock.setTimeout(() => void this.run(key), this.idleMs);
    this.targets.set(key, t);
    this.onState({ kind: "pending" });
  }

  /** Saves everything edited now (before switching issue, on Ctrl+S, on close). */
  async flush(): Promise<void> {
    const keys = [...this.targets.keys()];
    await Promise.all(keys.map((k) => this.run(k)));
  }

  /** Whether `key` has an edit not yet written (waiting, or being saved). */
  isPending(key: string): boolean {
    const t = this.targets.get(key);
    return !!t && (t.dirty || !!t.running);
  }

  hasUnsaved(): boolean {
    return [...this.targets.values()].some((t) => t.dirty || t.running);
  }

  private async run(key: string): Promise<void> {
    const t = this.targets.get(key);
    if (!t) return;
    if (t.timer) {
      this.clock.clearTimeout(t.timer);
      t.timer = null;
    }
    // Never two saves of one target at once: wait for the running one, then save again
    // if more edits came in meanwhile.
    while (t.running) await t.running;
    if (!t.dirty) return;
    t.dirty = false;
    this.onState({ kind: "saving" });
    t.running = t
      .save()
      .then(() => {
        this.lastError = null;
      })
      .catch((e: unknown) => {
        t.dirty = true; // keep the edit; the next touch or flush retries it
        this.lastError = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        t.running = null;
      });
    await t.running;
    if (!t.dirty && !t.timer && !t.running) this.targets.delete(key);
    this.report();
  }

  private report(): void {
    if (this.lastError) this.onState({ kind: "error", message: this.lastError });
    else if ([...this.targets.values()].some((t) => t.running)) this.onState({ kind: "saving" });
    else if ([...this.targets.values()].some((t) => t.dirty)) this.onState({ kind: "pending" });
    else this.onState({ kind: "saved" });
  }
}
