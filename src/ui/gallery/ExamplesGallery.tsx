/**
 * The examples gallery: a dialog listing the guided experiments (title, what each teaches, the
 * explanation and the thing to watch); opening one loads its files and resets the cluster for it.
 * While an example runs, a banner above the editor keeps "what to watch" in view.
 */
import './gallery.css';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useConnection } from '../connection-context';
import { EXAMPLES, exampleById } from '../examples/examples';
import { galleryStore } from './gallery-store';
import { openExample } from './open-example';

export function ExamplesGallery() {
  const connection = useConnection();
  const open = useStore(galleryStore, (s) => s.open);
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="gallery"
      aria-labelledby="gallery-title"
      onClose={() => galleryStore.setState({ open: false })}
    >
      <div className="gallery-head">
        <h2 id="gallery-title">Examples: guided experiments</h2>
        <button type="button" onClick={() => galleryStore.setState({ open: false })}>
          Close
        </button>
      </div>
      {error && (
        <p className="gallery-error" role="alert">
          {error}
        </p>
      )}
      <ul className="gallery-list">
        {EXAMPLES.map((example) => (
          <li key={example.id} className="gallery-item">
            <h3>{example.title}</h3>
            <p className="gallery-teaches">{example.teaches}</p>
            <details>
              <summary>Explanation</summary>
              {example.explanation.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </details>
            <p className="gallery-watch">
              <strong>Watch:</strong> {example.watch}
            </p>
            <button
              type="button"
              className="primary"
              aria-label={`Open example: ${example.title}`}
              onClick={() => {
                setError(undefined);
                openExample(connection, example).catch((e: unknown) =>
                  setError(
                    `The cluster could not be reset for this example: ${e instanceof Error ? e.message : String(e)}`,
                  ),
                );
              }}
            >
              Open
            </button>
          </li>
        ))}
      </ul>
    </dialog>
  );
}

/** The running example's title and what to watch, above the editor. */
export function ExampleBanner() {
  const current = useStore(galleryStore, (s) => s.current);
  const example = current ? exampleById(current) : undefined;
  if (!example) return null;
  return (
    <div className="example-banner" role="note" aria-label={`Example: ${example.title}`}>
      <div>
        <strong>{example.title}</strong> — watch: {example.watch}
      </div>
      <button
        type="button"
        aria-label="Hide the example note"
        onClick={() => galleryStore.setState({ current: undefined })}
      >
        ×
      </button>
    </div>
  );
}
