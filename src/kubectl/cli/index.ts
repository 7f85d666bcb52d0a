/** The kubectl command layer: run a command line, complete one, and make text terminal-safe. */
export { runKubectl } from './kubectl';
export { completeKubectl } from './complete';
export { sanitizeForTerminal } from './terminal';
export { finishEdit } from './commands/edit';
export { httpEnv } from './http-env';
export type { KubectlEnv, KubectlResult, EditRequest } from './types';
