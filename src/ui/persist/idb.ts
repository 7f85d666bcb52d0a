/** A key-value store in IndexedDB (one database, one object store), promise-based. */

const DB_NAME = 'k8s-explorer';
const STORE = 'workspace';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

let db: Promise<IDBDatabase> | undefined;
const database = () => (db ??= open());

/** Reads a value (undefined when absent). */
export async function idbGet<T>(key: string): Promise<T | undefined> {
  const d = await database();
  return new Promise((resolve, reject) => {
    const request = d.transaction(STORE, 'readonly').objectStore(STORE).get(key);
    request.onsuccess = () => resolve(request.result as T | undefined);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
  });
}

/** Writes a value; resolves when the transaction commits. */
export async function idbPut(key: string, value: unknown): Promise<void> {
  const d = await database();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
  });
}

/** Deletes a value. */
export async function idbDelete(key: string): Promise<void> {
  const d = await database();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB delete failed'));
  });
}
