// Which API the page talks to: the JSON API (api.js, the default) or
// gRPC-Web (grpc_web_api.js), chosen by the address (?transport=grpc-web)
// and the switch on the page. Both answer the same, so the rest of the page
// does not know which one it uses. The gRPC-Web client (125 KB) is loaded
// only when it is chosen.

import * as json from './api.js';

export const TRANSPORTS = { json: 'JSON API', 'grpc-web': 'gRPC-Web' };

let current = json;

// Switches to `name` (a key of TRANSPORTS); resolves once it can be used.
export async function useTransport(name) {
  current = name === 'grpc-web' ? await import('./grpc_web_api.js') : json;
}

export const fetchMeters = (...args) => current.fetchMeters(...args);
export const fetchReadings = (...args) => current.fetchReadings(...args);
export const fetchSummary = (...args) => current.fetchSummary(...args);
export const openLive = (...args) => current.openLive(...args);
