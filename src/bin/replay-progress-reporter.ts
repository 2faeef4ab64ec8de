import type { ReplayProgress } from '../infra/dead-letters/replay-dead-letters.js';
import type { DlqIo } from './dlq-io.js';

const BAR_WIDTH = 24;
const LINE_EVERY_MS = 1_000;

/** Shows a replay's progress on stderr. */
export interface ReplayProgressReporter {
  update(progress: ReplayProgress): void;
  /** Clears the bar (a terminal) before the summary is printed. */
  done(): void;
}

/**
 * A progress bar on a terminal (`io.status` rewrites one line), else a line on stderr for the
 * first batch and then at most one a second, so logs stay short. The bar is measured against
 * `total` when the broker can count the dead-letter queue, else it is a counter.
 *
 * @example
 * ```ts
 * const reporter = replayProgressReporter(io, 120);
 * await replayDeadLetters(queue, { from, to, onProgress: (p) => reporter.update(p) });
 * reporter.done();
 * ```
 */
export function replayProgressReporter(io: DlqIo, total?: number): ReplayProgressReporter {
  let lastLineAt: number | undefined;
  return {
    update(progress) {
      const counts = `${progress.replayed} replayed, ${progress.skipped} skipped, ${progress.failed} failed`;
      const done = progress.examined;
      if (io.status) {
        io.status(
          total === undefined || total === 0
            ? `replaying: ${done} read, ${counts}`
            : `${bar(Math.min(1, done / total))} ${done}/${total}  ${counts}`,
        );
        return;
      }
      const now = Date.now();
      if (lastLineAt !== undefined && now - lastLineAt < LINE_EVERY_MS) return;
      lastLineAt = now;
      io.err(`replay: ${done}${total === undefined ? '' : `/${total}`} read, ${counts}`);
    },
    done() {
      io.status?.('');
    },
  };
}

function bar(fraction: number): string {
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}
