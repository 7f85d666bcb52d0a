/**
 * Page-wide drop handling: files anywhere open as tabs (applied at once when dropped on the
 * diagram), templates dropped on the diagram create objects. Listens on the window in the capture
 * phase so Monaco and React Flow never see file drops.
 */
import { useEffect } from 'react';
import type { Connection } from '../connection';
import { dragAccepted, dropFiles, dropTemplate, TEMPLATE_MIME } from './drop';

/** The diagram's area (drops there apply at once). */
const DIAGRAM_SELECTOR = '.diagram-panel';

/** Installs the window's drag-and-drop handlers for as long as the component is mounted. */
export function usePageDrop(connection: Connection): void {
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer || !dragAccepted([...e.dataTransfer.types])) return;
      const onDiagram = (e.target as Element | null)?.closest?.(DIAGRAM_SELECTOR);
      const template = e.dataTransfer.types.includes(TEMPLATE_MIME);
      // Templates only make sense on the diagram; files are welcome anywhere.
      if (template && !onDiagram) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = 'copy';
      document.body.classList.toggle('drop-on-diagram', Boolean(onDiagram));
    };
    const leave = (e: DragEvent) => {
      if (!e.relatedTarget) document.body.classList.remove('drop-on-diagram');
    };
    const drop = (e: DragEvent) => {
      document.body.classList.remove('drop-on-diagram');
      const data = e.dataTransfer;
      if (!data || !dragAccepted([...data.types])) return;
      const target =
        (e.target as Element | null) ?? document.elementFromPoint(e.clientX, e.clientY);
      const onDiagram = Boolean(target?.closest?.(DIAGRAM_SELECTOR));
      const kind = data.getData(TEMPLATE_MIME);
      if (kind) {
        if (!onDiagram) return;
        e.preventDefault();
        e.stopPropagation();
        const under = document.elementFromPoint(e.clientX, e.clientY) ?? target;
        void dropTemplate(connection, kind, under);
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      void dropFiles(connection, data, onDiagram);
    };
    window.addEventListener('dragover', over, true);
    window.addEventListener('dragleave', leave, true);
    window.addEventListener('drop', drop, true);
    return () => {
      window.removeEventListener('dragover', over, true);
      window.removeEventListener('dragleave', leave, true);
      window.removeEventListener('drop', drop, true);
    };
  }, [connection]);
}
