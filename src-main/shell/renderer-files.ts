/**
 * Maps an app:// request to a file of the built renderer, refusing anything that would leave its
 * folder (the guard and the content types are shared with browser mode: app/renderer-assets.ts).
 */
import { assetPath, contentTypeOf } from '../app/renderer-assets.js';
import { APP_HOST, APP_SCHEME } from './security-policy.js';

export { contentTypeOf };

/** The file under `rendererDir` that `requestUrl` names, or undefined when it must be refused. */
export function rendererFileFor(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  return assetPath(rendererDir, url.pathname === '' ? '/' : url.pathname);
}
