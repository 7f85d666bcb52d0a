/** Keyboard selection for drawn objects: Enter or Space opens the object in the inspector. */
import type { KeyboardEvent } from 'react';
import { select, type ObjectRef } from '../store/view-store';

/** A keydown handler that selects `ref` on Enter or Space. */
export function selectOnKey(ref: ObjectRef) {
  return (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(ref);
    }
  };
}
