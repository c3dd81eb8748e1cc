// Runs Clerk's own `authenticateRequest` (@clerk/backend 3.25.0, through `createClerkClient`, as
// Clerk's framework SDKs call it) on every line of ../cases/authenticate.jsonl and writes one
// answer per case to ../expected/authenticate.jsonl (line N answers case line N).
//
// - The Backend API is a local stand-in on 127.0.0.1 (`apiUrl`): it answers the nonce
//   (`GET /v1/clients/handshake_payload`) and refresh (`POST /v1/sessions/<sid>/refresh`) calls
//   with the case's canned `bapi` answers, anything else with 404, and logs every call.
// - The clock is the case's `now`: `Date.now` returns it while the case runs (the only clock
//   Clerk's token checks read).
// - Tokens are verified with `jwtKey` (networkless), so no JWKS call is made.
//
// Answer: {status, reason, message, userId, tokenType, location?: {origin, path, query},
//          setCookies: [{name, value, attributes}], headers: {..other response headers..},
//          bapiCalls: ["METHOD /path?query"], error?: "<message>" (authenticateRequest threw)}
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClerkClient } from '@clerk/backend';

const here = dirname(fileURLToPath(import.meta.url));
const casesPath = join(here, '..', 'cases', 'authenticate.jsonl');
const expectedPath = join(here, '..', 'expected', 'authenticate.jsonl');
const keyPem = (name) => readFileSync(join(here, '..', 'keys', `${name}.public.pem`), 'utf8');

let current = { bapi: {}, calls: [] };
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    current.calls.push(`${req.method} ${req.url}`);
    const path = req.url.split('?')[0];
    let answer;
    if (req.method === 'GET' && path === '/v1/clients/handshake_payload') answer = current.bapi.handshakePayload;
    else if (req.method === 'POST' && /^\/v1\/sessions\/[^/]+\/refresh$/.test(path)) answer = current.bapi.refresh;
    answer ??= { status: 404, body: { errors: [{ code: 'resource_not_found', message: 'no canned answer' }] } };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body ?? {}));
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const apiUrl = `http://127.0.0.1:${server.address().port}`;

function cookieHeader(c) {
  if (typeof c.cookie === 'string') return c.cookie;
  const pairs = Object.entries(c.cookies ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.join('; ') : undefined;
}

function splitSetCookie(line) {
  const [pair, ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  const attributes = {};
  for (const a of attrs) {
    const t = a.trim();
    if (!t) continue;
    const i = t.indexOf('=');
    if (i < 0) attributes[t.toLowerCase()] = true;
    else attributes[t.slice(0, i).trim().toLowerCase()] = t.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

function splitLocation(location) {
  const u = new URL(location);
  const query = {};
  for (const [k, v] of u.searchParams) {
    if (Object.hasOwn(query, k)) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  return { origin: u.origin, path: u.pathname, query };
}

async function answer(c) {
  const o = c.options ?? {};
  const client = createClerkClient({ publishableKey: o.publishableKey, secretKey: o.secretKey, apiUrl });
  const headers = new Headers();
  for (const [k, v] of Object.entries(c.headers ?? {})) headers.append(k, v);
  const cookie = cookieHeader(c);
  if (cookie !== undefined) headers.set('cookie', cookie);
  const request = new Request(c.url, { method: c.method ?? 'GET', headers });
  const options = {};
  for (const k of ['authorizedParties', 'isSatellite', 'domain', 'proxyUrl', 'signInUrl', 'organizationSyncOptions', 'satelliteAutoSync', 'acceptsToken']) {
    if (Object.hasOwn(o, k)) options[k] = o[k];
  }
  if (o.jwtKey) options.jwtKey = keyPem(o.jwtKey);
  const state = await client.authenticateRequest(request, options);
  const out = {
    status: state.status,
    reason: state.reason ?? null,
    message: state.message ?? null,
    userId: state.toAuth()?.userId ?? null,
    tokenType: state.tokenType ?? null,
  };
  const setCookies = [];
  const rest = {};
  for (const [k, v] of state.headers.entries()) {
    if (k === 'location') out.location = splitLocation(v);
    else if (k === 'set-cookie') continue;
    else rest[k] = v;
  }
  for (const line of state.headers.getSetCookie()) setCookies.push(splitSetCookie(line));
  out.setCookies = setCookies;
  out.headers = rest;
  return out;
}

const lines = readFileSync(casesPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
const realNow = Date.now;
const realError = console.error;
const realWarn = console.warn;
const realLog = console.log;
const answers = [];
for (const line of lines) {
  const c = JSON.parse(line);
  current = { bapi: c.bapi ?? {}, calls: [] };
  Date.now = () => c.now;
  // Clerk logs warnings (missing azp, loop guard, handshake errors): keep stdout/stderr clean.
  console.error = console.warn = console.log = () => {};
  let out;
  try {
    out = await answer(c);
  } catch (e) {
    out = { status: 'error', error: String(e?.message ?? e) };
  } finally {
    Date.now = realNow;
    console.error = realError;
    console.warn = realWarn;
    console.log = realLog;
  }
  out.bapiCalls = current.calls;
  answers.push(JSON.stringify(out));
}
server.close();
writeFileSync(expectedPath, answers.join('\n') + '\n');
console.error(`run.mjs: ${answers.length} cases -> expected/authenticate.jsonl`);
