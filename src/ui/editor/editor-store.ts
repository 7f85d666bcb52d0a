/** The editor's text, kept outside Monaco so Apply works before (or without) the editor loading. */
import { createStore } from 'zustand/vanilla';

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

/** A message about a line of the text (from the last apply), shown as an editor marker. */
export interface EditorProblem {
  line: number;
  message: string;
}

export interface EditorState {
  text: string;
  problems: EditorProblem[];
}

export const editorStore = createStore<EditorState>(() => ({
  text: SAMPLE_MANIFEST,
  problems: [],
}));
