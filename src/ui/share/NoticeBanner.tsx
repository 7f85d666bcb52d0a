/** A dismissible notice above the app (a share link that could not be opened, an example that was). */
import { useStore } from 'zustand';
import { appOptionsStore, showNotice } from '../embed/options-store';

export function NoticeBanner() {
  const notice = useStore(appOptionsStore, (s) => s.notice);
  if (!notice) return null;
  return (
    <div
      className={`notice notice-${notice.level}`}
      role={notice.level === 'error' ? 'alert' : 'status'}
    >
      <span>{notice.text}</span>
      <button
        type="button"
        className="button"
        aria-label="Dismiss notice"
        onClick={() => showNotice(undefined)}
      >
        ×
      </button>
    </div>
  );
}
