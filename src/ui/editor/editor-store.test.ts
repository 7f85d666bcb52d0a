import { beforeEach, describe, expect, it } from 'vitest';
import {
  closeFile,
  DEFAULT_FILE,
  editorStore,
  filesByName,
  newFile,
  openFiles,
  renameFile,
  replaceFiles,
  setFileText,
  uniqueFileName,
} from './editor-store';

beforeEach(() => replaceFiles([{ name: DEFAULT_FILE, text: 'a: 1\n' }]));

describe('editor tabs', () => {
  it('opens files under unique names, reusing an identical one, and shows the last', () => {
    const names = openFiles([
      { name: 'x.yaml', text: 'x' },
      { name: DEFAULT_FILE, text: 'other' },
      { name: 'x.yaml', text: 'x' },
    ]);
    expect(names).toEqual(['x.yaml', 'manifest-2.yaml', 'x.yaml']);
    expect(editorStore.getState().active).toBe('x.yaml');
    expect(Object.keys(filesByName())).toEqual([DEFAULT_FILE, 'x.yaml', 'manifest-2.yaml']);
  });

  it('renames with checks, carrying problems along', () => {
    editorStore.setState({ problems: { [DEFAULT_FILE]: [{ line: 1, message: 'bad' }] } });
    expect(renameFile(DEFAULT_FILE, 'has space.yaml')).toMatch(/spaces/);
    newFile();
    expect(renameFile(DEFAULT_FILE, 'untitled.yaml')).toMatch(/already open/);
    expect(renameFile(DEFAULT_FILE, 'app.yaml')).toBeUndefined();
    expect(editorStore.getState().problems['app.yaml']).toHaveLength(1);
  });

  it('edits clear the problems of that file only; closing the last tab leaves an empty one', () => {
    openFiles([{ name: 'b.yaml', text: 'b' }]);
    editorStore.setState({
      problems: {
        [DEFAULT_FILE]: [{ line: 1, message: 'x' }],
        'b.yaml': [{ line: 1, message: 'y' }],
      },
    });
    setFileText('b.yaml', 'b2');
    expect(Object.keys(editorStore.getState().problems)).toEqual([DEFAULT_FILE]);
    closeFile('b.yaml');
    expect(editorStore.getState().active).toBe(DEFAULT_FILE);
    closeFile(DEFAULT_FILE);
    expect(editorStore.getState().files).toEqual([{ name: DEFAULT_FILE, text: '' }]);
  });

  it('makes unique names before the extension', () => {
    expect(uniqueFileName('a.yaml', ['a.yaml', 'a-2.yaml'])).toBe('a-3.yaml');
    expect(uniqueFileName('README', ['README'])).toBe('README-2');
  });
});
