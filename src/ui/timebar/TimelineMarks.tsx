/**
 * The scripted timeline on the time bar: one mark per step at its virtual time, the current
 * moment as a line, and a click on a future step moves the clock there.
 */
import { useEffect, useState } from 'react';
import { useConnection } from '../connection-context';
import { useSession } from '../store/react';
import { formatDuration } from '../../sim/timeline';

interface Marks {
  startMs: number;
  steps: { atMs: number; text: string }[];
}

/** Polls the Worker for the cluster's timeline steps (tiny answers, once a second). */
function useTimelineMarks(): Marks | undefined {
  const { sim } = useConnection();
  const [marks, setMarks] = useState<Marks>();
  useEffect(() => {
    let alive = true;
    const load = () =>
      sim({ op: 'timeline' }).then(
        (result) => alive && setMarks(result as Marks),
        () => undefined,
      );
    void load();
    const id = setInterval(load, 1_000);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [sim]);
  return marks;
}

export function TimelineMarks() {
  const { control } = useConnection();
  const now = useSession((s) => s.clock.now);
  const marks = useTimelineMarks();
  if (!marks || marks.steps.length === 0) return null;
  const elapsed = Math.max(0, now - marks.startMs);
  const last = marks.steps[marks.steps.length - 1].atMs;
  const span = Math.max(last * 1.1, elapsed, 1_000);
  // Positions within the track, which leaves 36px on the right for the span label.
  const at = (ms: number) => `calc((100% - 36px) * ${(ms / span).toFixed(4)})`;
  return (
    <div className="timeline-marks" role="group" aria-label="Scripted timeline">
      <div className="timeline-track" aria-hidden="true">
        <div className="timeline-now" style={{ left: at(elapsed) }} />
      </div>
      {marks.steps.map((step, i) => {
        const done = step.atMs <= elapsed;
        return (
          <button
            key={`${i}-${step.atMs}`}
            type="button"
            className={done ? 'timeline-mark done' : 'timeline-mark'}
            style={{ left: at(step.atMs) }}
            title={step.text}
            aria-label={`Timeline step ${step.text}${done ? ' (done)' : ''}`}
            disabled={done}
            onClick={() => control({ action: 'advance', ms: step.atMs - elapsed })}
          />
        );
      })}
      <span className="timeline-span">{formatDuration(Math.round(span))}</span>
    </div>
  );
}
