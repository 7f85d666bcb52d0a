/** Simulation controls: the virtual clock, Play/Pause, Speed, Step and Advance. */
import { useConnection } from '../connection-context';
import { useSession } from '../store/react';
import { formatClock, formatTimestamp } from './format';
import { TimelineMarks } from './TimelineMarks';

export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;

export function TimeBar() {
  const { control } = useConnection();
  const clock = useSession((s) => s.clock);
  return (
    <div className="time-bar" role="toolbar" aria-label="Simulation time">
      {clock.playing ? (
        <button type="button" onClick={() => control({ action: 'pause' })}>
          <span aria-hidden="true">❚❚ </span>Pause
        </button>
      ) : (
        <button type="button" onClick={() => control({ action: 'play' })}>
          <span aria-hidden="true">▶ </span>Play
        </button>
      )}
      <button
        type="button"
        onClick={() => control({ action: 'step' })}
        title="Run to the next scheduled event"
      >
        Step
      </button>
      <button
        type="button"
        onClick={() => control({ action: 'advance', ms: 60_000 })}
        aria-label="Advance 1 minute"
        title="Advance virtual time by one minute"
      >
        +1m
      </button>
      <label className="speed">
        Speed
        <select
          value={String(clock.speed)}
          onChange={(e) => control({ action: 'speed', speed: Number(e.target.value) })}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s}x
            </option>
          ))}
        </select>
      </label>
      <span
        className="clock"
        title={formatTimestamp(clock.now)}
        aria-label={`Virtual time ${formatClock(clock.now)}`}
      >
        virtual <time>{formatClock(clock.now)}</time>
      </span>
      <TimelineMarks />
      <span className={`live ${clock.playing ? 'on' : ''}`}>
        {clock.playing ? '● running' : '❚❚ paused'}
      </span>
    </div>
  );
}
