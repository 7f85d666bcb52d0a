/**
 * The app shell: header, editor, diagram with its time bar, inspector and timeline, and the
 * console, in resizable panels. In embed mode (`?embed`) only the diagram and the time bar show;
 * the other panels open on demand or from the URL's `panels` option.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { useStore } from 'zustand';
import { ConsolePanel } from './console/ConsolePanel';
import { useConnection } from './connection-context';
import { Diagram } from './diagram/Diagram';
import { EditorPanel } from './editor/EditorPanel';
import { appOptionsStore, panelShown } from './embed/options-store';
import { Header } from './Header';
import { usePageDrop } from './palette/page-drop';
import { Inspector } from './inspector/Inspector';
import { NoticeBanner } from './share/NoticeBanner';
import { Timeline } from './timeline/Timeline';
import { TimeBar } from './timebar/TimeBar';

export function App() {
  const options = useStore(appOptionsStore, (s) => s.options);
  // Manifest files dropped anywhere open as tabs; on the diagram they (and templates) apply at once.
  usePageDrop(useConnection());
  const editor = panelShown(options, 'editor');
  const consolePanel = panelShown(options, 'console');
  const inspector = panelShown(options, 'inspector');
  const timeline = panelShown(options, 'timeline');
  const side = inspector || timeline;
  return (
    <div className={options.embed ? 'app app-embed' : 'app'}>
      <Header />
      <NoticeBanner />
      <Group orientation="vertical" className="app-body">
        <Panel id="top" defaultSize={consolePanel ? '76%' : '100%'} minSize="30%">
          <Group orientation="horizontal">
            {editor && (
              <>
                <Panel id="editor" defaultSize="26%" minSize="15%">
                  <EditorPanel />
                </Panel>
                <Separator className="separator vertical" />
              </>
            )}
            <Panel id="diagram" minSize="30%">
              <main className="panel diagram-panel" aria-label="Cluster">
                <ReactFlowProvider>
                  <Diagram />
                </ReactFlowProvider>
                <TimeBar />
              </main>
            </Panel>
            {side && (
              <>
                <Separator className="separator vertical" />
                <Panel id="side" defaultSize="24%" minSize="12%">
                  <Group orientation="vertical">
                    {inspector && (
                      <Panel id="inspector" defaultSize={timeline ? '50%' : '100%'} minSize="15%">
                        <Inspector />
                      </Panel>
                    )}
                    {inspector && timeline && <Separator className="separator horizontal" />}
                    {timeline && (
                      <Panel id="timeline" minSize="15%">
                        <Timeline />
                      </Panel>
                    )}
                  </Group>
                </Panel>
              </>
            )}
          </Group>
        </Panel>
        {consolePanel && (
          <>
            <Separator className="separator horizontal" />
            <Panel id="console" defaultSize="24%" minSize="8%">
              <ConsolePanel />
            </Panel>
          </>
        )}
      </Group>
    </div>
  );
}
