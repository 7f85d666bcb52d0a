/**
 * Turns catalogue inputs into what each entry point takes: request objects with parsed bodies,
 * share-link fragment values, embed message data.
 */
import { zlibSync } from 'fflate';
import type { ApiRequest } from '../../src/sim/api/types.ts';
import { materialise, type ApiInput, type EmbedInput, type ShareInput } from './catalogue.ts';

/** The ApiRequest of an apiserver entry (body JSON parsed, as the transports hand it over). */
export function apiRequest(input: ApiInput): ApiRequest {
  const request: ApiRequest = { method: input.method, path: input.path, user: 'bad-inputs' };
  if (input.query) request.query = { ...input.query };
  if (input.contentType) request.contentType = input.contentType;
  if (input.body) request.body = JSON.parse(materialise(input.body)) as unknown;
  else if (input.rawBody !== undefined) request.body = input.rawBody;
  return request;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The fragment value of a share-link entry. */
export function shareValue(input: ShareInput): string {
  if (typeof input === 'string') return input;
  const data = base64Url(zlibSync(new TextEncoder().encode(materialise(input.json))));
  let chars = data;
  if (input.flip !== undefined) {
    const at = input.flip;
    chars = chars.slice(0, at) + (chars[at] === 'A' ? 'B' : 'A') + chars.slice(at + 1);
  }
  const value = `${input.version ?? '1'}.${chars}`;
  if (input.cut === undefined) return value;
  return input.cut < 0 ? value.slice(0, input.cut) : value.slice(0, input.cut);
}

/** The data of an embed message, as the receiving window sees it. */
export function embedData(input: EmbedInput): unknown {
  return JSON.parse(materialise(input.data)) as unknown;
}
