/**
 * The editor's files (tabs), kept outside Monaco so Apply works before (or without) the editor
 * loading, and so the console (`apply -f NAME`, `edit`), drops, the gallery and the saved
 * workspace all share them. Vanilla zustand, no React.
 */
import { createStore } from 'zustand/vanilla';
import type { EditRequest } from '../../kubectl/cli/types';

export const SAMPLE_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
          resources:
            requests:
              cpu: 250m
              memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
`;

export const DEFAULT_FILE = 'manifest.yaml';

/** A message about a line of a file (from the last apply), shown as a marker and in the problems list. */
export interface EditorProblem {
  line: number;
  message: string;
}

export interface EditorFile {
  name: string;
  text: string;
  /** Set for a buffer opened by `kubectl edit`: "Save edit" patches this object. */
  edit?: EditRequest;
}

/** What the Diff button shows: the live objects against the server's dry-run result. */
export interface DiffView {
  file: string;
  live: string;
  result: string;
}

export interface EditorState {
  files: EditorFile[];
  /** Name of the file shown. */
  active: string;
  /** Problems per file name, from the last apply of that file. */
  problems: Record<string, EditorProblem[]>;
  /** A request to show a line (problems list click); `seq` makes repeated requests distinct. */
  reveal?: { file: string; line: number; seq: number };
  diff?: DiffView;
  /** Lines of the last Apply/Delete/Diff, as kubectl prints them. */
  results: { ok: boolean; message: string; file?: string; line?: number }[];
  /** Files opened by a drop, waiting for the user to apply them. */
  offer?: string[];
  /** Apply/Delete/Diff running. */
  busy: boolean;
}

export const editorStore = createStore<EditorState>(() => ({
  files: [{ name: DEFAULT_FILE, text: SAMPLE_MANIFEST }],
  active: DEFAULT_FILE,
  problems: {},
  results: [],
  busy: false,
}));

/** The file shown, or the first one. */
export function activeFile(state: EditorState = editorStore.getState()): EditorFile {
  return state.files.find((f) => f.name === state.active) ?? state.files[0];
}

/** A name not yet used by a tab: `base`, then `base-2.yaml`, `base-3.yaml`, ... */
export function uniqueFileName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** Replaces a file's text (the editor's own edits clear that file's problems: lines moved). */
export function setFileText(name: string, text: string): void {
  editorStore.setState((s) => {
    const file = s.files.find((f) => f.name === name);
    if (!file || file.text === text) return s;
    const problems = { ...s.problems };
    delete problems[name];
    return { files: s.files.map((f) => (f === file ? { ...f, text } : f)), problems };
  });
}

/**
 * Opens files as tabs: a file with the same name and text is reused, a different one gets a
 * unique name. Returns the names used; the last one becomes active unless `activate` is false.
 */
export function openFiles(files: EditorFile[], activate = true): string[] {
  const names: string[] = [];
  editorStore.setState((s) => {
    const next = [...s.files];
    for (const file of files) {
      const same = next.find((f) => f.name === file.name);
      if (same && same.text === file.text) {
        names.push(same.name);
        continue;
      }
      const name = uniqueFileName(
        file.name,
        next.map((f) => f.name),
      );
      next.push({ ...file, name });
      names.push(name);
    }
    const active = activate && names.length > 0 ? names[names.length - 1] : s.active;
    return { files: next, active };
  });
  return names;
}

/** Replaces every tab (a gallery example, a restored workspace). */
export function replaceFiles(files: EditorFile[], active?: string): void {
  const list = files.length > 0 ? files : [{ name: DEFAULT_FILE, text: '' }];
  editorStore.setState({
    files: list,
    active: active && list.some((f) => f.name === active) ? active : list[0].name,
    problems: {},
    diff: undefined,
  });
}

/** Adds an empty tab and shows it. */
export function newFile(): string {
  const [name] = openFiles([
    {
      name: uniqueFileName(
        'untitled.yaml',
        editorStore.getState().files.map((f) => f.name),
      ),
      text: '',
    },
  ]);
  return name;
}

/** Renames a tab; returns an error sentence when the name is empty or taken. */
export function renameFile(from: string, to: string): string | undefined {
  const name = to.trim();
  if (!name) return 'a file name may not be empty';
  if (/[\s/\\]/.test(name)) return 'a file name may not contain spaces or slashes';
  const s = editorStore.getState();
  if (name === from) return undefined;
  if (s.files.some((f) => f.name === name)) return `a tab named "${name}" is already open`;
  const problems = { ...s.problems };
  if (problems[from]) {
    problems[name] = problems[from];
    delete problems[from];
  }
  editorStore.setState({
    files: s.files.map((f) => (f.name === from ? { ...f, name } : f)),
    active: s.active === from ? name : s.active,
    problems,
  });
  return undefined;
}

/** Closes a tab (the last one is replaced by an empty file: there is always one). */
export function closeFile(name: string): void {
  editorStore.setState((s) => {
    const index = s.files.findIndex((f) => f.name === name);
    if (index < 0) return s;
    const files = s.files.filter((f) => f.name !== name);
    if (files.length === 0) files.push({ name: DEFAULT_FILE, text: '' });
    const problems = { ...s.problems };
    delete problems[name];
    const active = s.active === name ? files[Math.min(index, files.length - 1)].name : s.active;
    return { files, active, problems };
  });
}

/** The files as kubectl's `-f NAME` sees them. */
export function filesByName(state: EditorState = editorStore.getState()): Record<string, string> {
  return Object.fromEntries(state.files.map((f) => [f.name, f.text]));
}
