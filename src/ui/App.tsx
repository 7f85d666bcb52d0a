/** The app shell: header, editor, diagram with its time bar, and the console, in resizable panels. */
import { ReactFlowProvider } from '@xyflow/react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { ConsolePanel } from './console/ConsolePanel';
import { Diagram } from './diagram/Diagram';
import { EditorPanel } from './editor/EditorPanel';
import { Header } from './Header';
import { Inspector } from './inspector/Inspector';
import { Timeline } from './timeline/Timeline';
import { TimeBar } from './timebar/TimeBar';

export function App() {
  return (
    <div className="app">
      <Header />
      <Group orientation="vertical" className="app-body">
        <Panel id="top" defaultSize="76%" minSize="30%">
          <Group orientation="horizontal">
            <Panel id="editor" defaultSize="26%" minSize="15%">
              <EditorPanel />
            </Panel>
            <Separator className="separator vertical" />
            <Panel id="diagram" minSize="30%">
              <main className="panel diagram-panel" aria-label="Cluster">
                <ReactFlowProvider>
                  <Diagram />
                </ReactFlowProvider>
                <TimeBar />
              </main>
            </Panel>
            <Separator className="separator vertical" />
            <Panel id="side" defaultSize="24%" minSize="12%">
              <Group orientation="vertical">
                <Panel id="inspector" defaultSize="50%" minSize="15%">
                  <Inspector />
                </Panel>
                <Separator className="separator horizontal" />
                <Panel id="timeline" minSize="15%">
                  <Timeline />
                </Panel>
              </Group>
            </Panel>
          </Group>
        </Panel>
        <Separator className="separator horizontal" />
        <Panel id="console" defaultSize="24%" minSize="8%">
          <ConsolePanel />
        </Panel>
      </Group>
    </div>
  );
}
