import { describe, expect, it } from 'vitest';
import { base32, hex, sha256 } from './hash.ts';

describe('sha256 / base32', () => {
  it('matches the standard test vectors', () => {
    expect(hex(sha256(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(sha256('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256('a'.repeat(1000)))).toBe(
      '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3',
    );
  });
  it('encodes base32 like Go StdEncoding', () => {
    expect(base32(Uint8Array.from('foobar', (c) => c.charCodeAt(0)))).toBe('MZXW6YTBOI======');
    expect(base32(Uint8Array.from([0x66]))).toBe('MY======');
  });
});
