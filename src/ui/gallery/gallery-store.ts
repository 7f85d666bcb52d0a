/** Which guided experiment is open (its explanation stays visible while it runs). */
import { createStore } from 'zustand/vanilla';

export interface GalleryState {
  /** The gallery dialog is shown. */
  open: boolean;
  /** Id of the example loaded last. */
  current?: string;
}

export const galleryStore = createStore<GalleryState>(() => ({ open: false }));
