/** The Share button: makes a link to this exact experiment, copies it, and shows it to copy by hand. */
import './share.css';
import { useId, useRef, useState } from 'react';
import { useConnection } from '../connection-context';
import { makeShareLink } from './share-session';

export function ShareButton() {
  const connection = useConnection();
  const [link, setLink] = useState<string>();
  const [status, setStatus] = useState('');
  const fieldId = useId();
  const field = useRef<HTMLInputElement>(null);

  const share = async () => {
    setStatus('Making the link…');
    try {
      const url = await makeShareLink(connection, location.href);
      setLink(url);
      try {
        await navigator.clipboard.writeText(url);
        setStatus(
          `Link copied to the clipboard (${Math.ceil(url.length / 1024)} KB). The simulation is paused at the shared moment.`,
        );
      } catch {
        setStatus('Copy the link below (the clipboard is not available here).');
      }
      requestAnimationFrame(() => field.current?.select());
    } catch (error) {
      setStatus(`Could not make a link: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <div className="share">
      <button type="button" className="button" onClick={() => void share()}>
        Share
      </button>
      {(link || status) && (
        <div className="share-popover" role="dialog" aria-label="Share link">
          <p role="status">{status}</p>
          {link && (
            <>
              <label htmlFor={fieldId}>Share link</label>
              <input
                id={fieldId}
                ref={field}
                className="share-link"
                readOnly
                value={link}
                onFocus={(e) => e.currentTarget.select()}
              />
            </>
          )}
          <button
            type="button"
            className="button"
            onClick={() => {
              setLink(undefined);
              setStatus('');
            }}
          >
            Close
          </button>
        </div>
      )}
    </div>
  );
}
