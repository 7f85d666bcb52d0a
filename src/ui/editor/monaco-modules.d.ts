// monaco-editor 0.57 ships the legacy worker helper without type declarations.
declare module 'monaco-editor/internal/common/workers' {
  export function createWebWorker(options: {
    label?: string;
    moduleId?: string;
    createData?: unknown;
    host?: unknown;
    keepIdleModels?: boolean;
    createWorker?: () => Worker;
  }): unknown;
}
