/**
 * Monaco with only what a YAML editor needs: the editor API and contributions, YAML highlighting,
 * and monaco-yaml's language service in its own worker. Loaded lazily (never in the first bundle).
 */
import * as monaco from 'monaco-editor/editor';
import { createWebWorker } from 'monaco-editor/internal/common/workers';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { configureMonacoYaml, type JSONSchema } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import definitionsFile from '../../sim/schema/definitions.json';
import { kubernetesJsonSchema, type OpenApiDefinition } from './k8s-json-schema';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

// monaco-editor 0.57 changed editor.createWebWorker to take `{ worker }`; monaco-yaml 5.5.1 still
// calls it the old way (label, moduleId, createData). Monaco ships the old-style helper; hand it
// to monaco-yaml in a copy of the namespace.
const monacoForYaml = { ...monaco, editor: { ...monaco.editor, createWebWorker } };
configureMonacoYaml(monacoForYaml as unknown as Parameters<typeof configureMonacoYaml>[0], {
  enableSchemaRequest: false,
  format: {},
  validate: true,
  hover: true,
  completion: true,
  // The bundled Kubernetes schema for every file (no network: enableSchemaRequest is off).
  schemas: [
    {
      uri: 'inmemory://k8s-explorer/kubernetes.json',
      fileMatch: ['*'],
      schema: kubernetesJsonSchema(
        (definitionsFile as { definitions: Record<string, OpenApiDefinition> }).definitions,
      ) as JSONSchema,
    },
  ],
});

// Themes whose background matches the app's panels (see --panel in styles.css).
monaco.editor.defineTheme('k8s-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff' },
});
monaco.editor.defineTheme('k8s-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#111722', 'editorGutter.background': '#111722' },
});

export { monaco };
