// Writes ../cases/authenticate.jsonl: request cases for Clerk's `authenticateRequest`.
// Deterministic: fixed keys (../keys/*.pem), a fixed clock, RS256 signatures (PKCS#1 v1.5 is
// deterministic), no randomness. Run: `node gen-cases.mjs` (or `bash run.sh`, which also answers them).
//
// One JSON object per line:
//   id, group, note      who the case is (ids `a###`; DEVIATIONS.md names them)
//   url, method          the request (method defaults to GET)
//   headers              {name: value}, sent as they are
//   cookies              {name: value} joined as `name=value; ...` in this order, or
//   cookie               a raw Cookie header (duplicates, quotes, odd spacing)
//   options              publishableKey, secretKey, jwtKey (a key name: ../keys/<name>.public.pem),
//                        authorizedParties, isSatellite, domain, proxyUrl, signInUrl,
//                        organizationSyncOptions, satelliteAutoSync
//   now                  the clock, in milliseconds since the epoch
//   bapi                 canned Backend API answers: {handshakePayload: {status, body},
//                        refresh: {status, body}}; any other call answers 404
import { createSign, createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const keysDir = join(here, '..', 'keys');
const privateKey = (name) => readFileSync(join(keysDir, `${name}.private.pem`), 'utf8');

const NOW_S = 1_800_000_000;
const NOW = NOW_S * 1000;

const b64 = (s) => Buffer.from(s).toString('base64');
const b64url = (buf) => Buffer.from(buf).toString('base64url');

const PROD_HOST = 'clerk.example.com';
const DEV_HOST = 'happy-hippo-1.clerk.accounts.dev';
const PROD_PK = `pk_live_${b64(`${PROD_HOST}$`)}`;
const DEV_PK = `pk_test_${b64(`${DEV_HOST}$`)}`;
const PROD_SK = 'sk_live_conformanceSecretKey0000000000000000';
const DEV_SK = 'sk_test_conformanceSecretKey0000000000000000';
const suffix = (pk) => createHash('sha1').update(pk).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').slice(0, 8);
const PROD_SFX = suffix(PROD_PK);
const DEV_SFX = suffix(DEV_PK);

const APP = 'https://app.example.com';
const SESSION_CAT = 'cl_B7d4PD111AAA';

/** An RS256 JWT over the given header and payload objects (or raw JSON text). */
function jwt(header, payload, key = 'rsa2048-a') {
  const part = (v) => b64url(typeof v === 'string' ? v : JSON.stringify(v));
  const input = `${part(header)}.${part(payload)}`;
  const sig = createSign('RSA-SHA256').update(input).sign(privateKey(key));
  return `${input}.${b64url(sig)}`;
}

const HEADER = { alg: 'RS256', typ: 'JWT', kid: 'ins_conformance', cat: SESSION_CAT };
function claims(over = {}, iss = `https://${PROD_HOST}`) {
  const base = {
    azp: APP,
    exp: NOW_S + 50,
    fva: [0, -1],
    iat: NOW_S - 10,
    iss,
    nbf: NOW_S - 15,
    sid: 'sess_conformance',
    sub: 'user_conformance',
    v: 2,
  };
  const out = { ...base, ...over };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}
const session = (over = {}, header = {}, key) => jwt({ ...HEADER, ...header }, claims(over), key);
const devSession = (over = {}, header = {}) =>
  jwt({ ...HEADER, ...header }, claims(over, `https://${DEV_HOST}`));

const VALID = session();
const EXPIRED = session({ exp: NOW_S - 60, iat: NOW_S - 120, nbf: NOW_S - 125 });
const NOT_YET = session({ nbf: NOW_S + 60 });
const IAT_FUTURE = session({ iat: NOW_S + 60 });
const WRONG_KEY = session({}, {}, 'rsa2048-b');
const PENDING = session({ sts: 'pending' });
const AZP_OTHER = session({ azp: 'https://evil.example.net' });
const NO_AZP = session({ azp: undefined });
const NO_ISS = session({ iss: undefined, sub: 'user_plain_noiss' });
const FOREIGN_ISS = session({ iss: 'https://clerk.other.example.org', sub: 'user_plain_foreign' });
const IAT_STRING = session({ iat: String(NOW_S - 10) });
const M2M_SUB = session({ sub: 'mch_m2m', sid: undefined });
const M2M_CAT = session({}, { cat: 'cl_B7d4PD333AAA' });
const UNKNOWN_CAT = session({}, { cat: 'cl_unknown0000' });
const TEMPLATE_CAT = session({ sid: undefined }, { cat: 'cl_B7d4PD222AAA' });
const IGNORE_CAT = session({}, { cat: 'cl_I7d4PD111III' });
const NO_CAT = session({}, { cat: undefined });
const OAUTH_JWT = jwt({ alg: 'RS256', typ: 'at+jwt', kid: 'ins_conformance' }, claims({ sub: 'user_conformance', client_id: 'client_1', scope: 'read' }));
const HS256 = (() => {
  const h = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const p = b64url(JSON.stringify(claims()));
  return `${h}.${p}.${b64url('not-a-signature')}`;
})();
const GARBAGE = 'not-a-jwt';
const THREE_DOTS = 'x.y.z';

const cases = [];
let n = 0;
function add(group, note, c) {
  n += 1;
  const id = `a${String(n).padStart(3, '0')}`;
  const options = { publishableKey: PROD_PK, secretKey: PROD_SK, jwtKey: 'rsa2048-a', ...(c.options ?? {}) };
  for (const [k, v] of Object.entries(options)) if (v === undefined) delete options[k];
  const line = { id, group, note, url: c.url ?? `${APP}/dashboard`, method: c.method ?? 'GET', headers: c.headers ?? {} };
  if (c.cookie !== undefined) line.cookie = c.cookie;
  else line.cookies = c.cookies ?? {};
  line.options = options;
  line.now = NOW;
  if (c.bapi) line.bapi = c.bapi;
  cases.push(line);
}

// Request shapes: an API call, a document GET, a document POST.
const API = { accept: 'application/json' };
const DOC = { 'sec-fetch-dest': 'document', accept: 'text/html,application/xhtml+xml' };
const SHAPES = [
  ['api', 'GET', API],
  ['doc', 'GET', DOC],
  ['doc-post', 'POST', DOC],
];
const forShapes = (group, note, c, shapes = SHAPES) => {
  for (const [name, method, headers] of shapes) {
    add(group, `${note} (${name})`, { ...c, method, headers: { ...headers, ...(c.headers ?? {}) } });
  }
};
const bearer = (t) => ({ authorization: `Bearer ${t}` });
const uat = (v) => String(v);

// ---- 1. The Authorization header (§1.4, clerk.md §5) ----
forShapes('header', 'valid session token', { headers: bearer(VALID) });
add('header', 'bare token without a scheme', { headers: { ...API, authorization: VALID } });
add('header', 'Basic scheme is ignored, cookies are read', { headers: { ...API, authorization: 'Basic dXNlcjpwYXNz' }, cookies: { __session: VALID, __client_uat: uat(NOW_S - 100) } });
add('header', 'lowercase bearer is ignored', { headers: { ...API, authorization: `bearer ${VALID}` } });
add('header', 'Bearer <valid> <more>', { headers: { ...API, authorization: `Bearer ${VALID} extra` } });
add('header', 'Bearer <valid> <more> as a document', { headers: { ...DOC, authorization: `Bearer ${VALID} extra` } });
add('header', 'Bearer with nothing after the space', { headers: { ...API, authorization: 'Bearer ' } });
add('header', 'Bearer with two spaces', { headers: { ...API, authorization: `Bearer  ${VALID}` } });
add('header', 'bad header token wins over a valid cookie', { headers: { ...API, authorization: `Bearer ${THREE_DOTS}` }, cookies: { __session: VALID, __client_uat: uat(NOW_S - 100) } });
add('header', 'garbage header token', { headers: { ...API, ...bearer(GARBAGE) } });
forShapes('header', 'expired header token', { headers: bearer(EXPIRED) });
forShapes('header', 'header token not active yet', { headers: bearer(NOT_YET) });
forShapes('header', 'header token iat in the future', { headers: bearer(IAT_FUTURE) });
add('header', 'header token signed by another key', { headers: { ...API, ...bearer(WRONG_KEY) } });
add('header', 'HS256 header token', { headers: { ...API, ...bearer(HS256) } });
add('header', 'header token azp not authorized', { headers: { ...API, ...bearer(AZP_OTHER) }, options: { authorizedParties: [APP] } });
add('header', 'header token azp authorized', { headers: { ...API, ...bearer(VALID) }, options: { authorizedParties: [APP] } });
add('header', 'header token without azp, parties set', { headers: { ...API, ...bearer(NO_AZP) }, options: { authorizedParties: [APP] } });
add('header', 'header token iat as a string', { headers: { ...API, ...bearer(IAT_STRING) } });
add('header', 'header pending session', { headers: { ...API, ...bearer(PENDING) } });
add('header', 'header token, ignore category', { headers: { ...API, ...bearer(IGNORE_CAT) } });
add('header', 'header token without cat', { headers: { ...API, ...bearer(NO_CAT) } });
add('header', 'handshake nonce in the URL is ignored with a header token', { url: `${APP}/dashboard?__clerk_handshake_nonce=n1`, headers: { ...DOC, ...bearer(VALID) }, bapi: { handshakePayload: { status: 200, body: { directives: [] } } } });
add('header', 'header token on a dev instance without dev browser', { headers: { ...DOC, ...bearer(devSession()) }, options: { publishableKey: DEV_PK, secretKey: DEV_SK } });

// ---- 2. Machine tokens, header and cookie (§1.5 step 10, issue: same rule on every source) ----
const MACHINE_JWTS = [
  ['M2M sub mch_', M2M_SUB],
  ['M2M cat', M2M_CAT],
  ['unknown cat', UNKNOWN_CAT],
  ['JWT template cat', TEMPLATE_CAT],
  ['OAuth at+jwt', OAUTH_JWT],
];
for (const [name, token] of MACHINE_JWTS) {
  add('machine', `header: ${name}`, { headers: { ...API, ...bearer(token) } });
  add('machine', `header: ${name} (doc)`, { headers: { ...DOC, ...bearer(token) } });
  add('machine', `cookie: ${name}`, { headers: API, cookies: { __session: token, __client_uat: uat(NOW_S - 100) } });
  add('machine', `cookie: ${name} (doc)`, { headers: DOC, cookies: { __session: token, __client_uat: uat(NOW_S - 100) } });
}
for (const opaque of ['ak_0123456789abcdef', 'mt_0123456789abcdef', 'oat_0123456789abcdef']) {
  add('machine', `header: opaque ${opaque.slice(0, opaque.indexOf('_') + 1)}`, { headers: { ...API, ...bearer(opaque) } });
  add('machine', `cookie: opaque ${opaque.slice(0, opaque.indexOf('_') + 1)}`, { headers: API, cookies: { __session: opaque, __client_uat: uat(NOW_S - 100) } });
}

// ---- 3. The cookie decision table, production (§1.5 steps 6-12, 15) ----
forShapes('cookie', 'no cookies', {});
forShapes('cookie', '__client_uat=0 only', { cookies: { __client_uat: '0' } });
forShapes('cookie', 'client uat without session', { cookies: { __client_uat: uat(NOW_S - 100) } });
forShapes('cookie', 'session without client uat', { cookies: { __session: VALID } });
forShapes('cookie', 'session with client uat 0', { cookies: { __session: VALID, __client_uat: '0' } });
forShapes('cookie', 'valid session, uat before iat', { cookies: { __session: VALID, __client_uat: uat(NOW_S - 100) } });
add('cookie', 'valid session, uat equals iat', { headers: API, cookies: { __session: VALID, __client_uat: uat(NOW_S - 10) } });
forShapes('cookie', 'iat before client uat', { cookies: { __session: VALID, __client_uat: uat(NOW_S - 5) } });
forShapes('cookie', 'expired session', { cookies: { __session: EXPIRED, __client_uat: uat(NOW_S - 200) } });
forShapes('cookie', 'session not active yet', { cookies: { __session: NOT_YET, __client_uat: uat(NOW_S - 100) } });
forShapes('cookie', 'session iat in the future', { cookies: { __session: IAT_FUTURE, __client_uat: uat(NOW_S - 100) } });
forShapes('cookie', 'garbage session with uat', { cookies: { __session: GARBAGE, __client_uat: uat(NOW_S - 100) } });
add('cookie', 'x.y.z session with uat', { headers: API, cookies: { __session: THREE_DOTS, __client_uat: uat(NOW_S - 100) } });
add('cookie', 'session signed by another key', { headers: DOC, cookies: { __session: WRONG_KEY, __client_uat: uat(NOW_S - 100) } });
add('cookie', 'HS256 session', { headers: DOC, cookies: { __session: HS256, __client_uat: uat(NOW_S - 100) } });
forShapes('cookie', 'azp not authorized', { cookies: { __session: AZP_OTHER, __client_uat: uat(NOW_S - 100) }, options: { authorizedParties: [APP] } });
add('cookie', 'azp authorized', { headers: API, cookies: { __session: VALID, __client_uat: uat(NOW_S - 100) }, options: { authorizedParties: [APP, 'https://other.example.com'] } });
add('cookie', 'no azp, parties set', { headers: API, cookies: { __session: NO_AZP, __client_uat: uat(NOW_S - 100) }, options: { authorizedParties: [APP] } });
add('cookie', 'pending session', { headers: API, cookies: { __session: PENDING, __client_uat: uat(NOW_S - 100) } });
add('cookie', 'pending session (doc)', { headers: DOC, cookies: { __session: PENDING, __client_uat: uat(NOW_S - 100) } });
forShapes('cookie', 'iat as a string, before client uat', { cookies: { __session: IAT_STRING, __client_uat: uat(NOW_S - 5) } });
add('cookie', 'iat as a string, after client uat', { headers: API, cookies: { __session: IAT_STRING, __client_uat: uat(NOW_S - 100) } });
add('cookie', 'client uat 12abc reads as 12', { headers: API, cookies: { __session: VALID, __client_uat: '12abc' } });
add('cookie', 'client uat abc reads as 0', { headers: API, cookies: { __session: VALID, __client_uat: 'abc' } });
add('cookie', 'client uat negative counts as set', { headers: API, cookies: { __session: VALID, __client_uat: '-5' } });
add('cookie', 'client uat far in the future', { headers: API, cookies: { __session: VALID, __client_uat: uat(NOW_S + 1000) } });
add('cookie', 'empty session cookie with uat', { headers: API, cookies: { __session: '', __client_uat: uat(NOW_S - 100) } });
add('cookie', 'cookie token without cat', { headers: API, cookies: { __session: NO_CAT, __client_uat: uat(NOW_S - 100) } });
add('cookie', 'cookie token, ignore category', { headers: API, cookies: { __session: IGNORE_CAT, __client_uat: uat(NOW_S - 100) } });

// ---- 4. Cookie syntax (the parser bundled with Clerk: cookie 1.1.1) ----
add('cookie-syntax', 'quoted session value', { headers: API, cookie: `__session="${VALID}"; __client_uat=${NOW_S - 100}` });
add('cookie-syntax', 'quoted client uat', { headers: API, cookie: `__session=${VALID}; __client_uat="${NOW_S - 100}"` });
add('cookie-syntax', 'duplicate session, first is garbage', { headers: API, cookie: `__session=${GARBAGE}; __session=${VALID}; __client_uat=${NOW_S - 100}` });
add('cookie-syntax', 'duplicate session, first is valid', { headers: API, cookie: `__session=${VALID}; __session=${GARBAGE}; __client_uat=${NOW_S - 100}` });
add('cookie-syntax', 'encoded semicolon does not forge a cookie', { headers: API, cookie: `x=a%3B__session%3D${VALID}; __client_uat=${NOW_S - 100}` });
add('cookie-syntax', 'percent-encoded session value', { headers: API, cookie: `__session=${VALID.replace(/\./g, '%2E')}; __client_uat=${NOW_S - 100}` });
add('cookie-syntax', 'no spaces, tabs around pairs', { headers: API, cookie: `__session=${VALID};\t__client_uat=${NOW_S - 100}` });
add('cookie-syntax', 'spaces around the equals sign', { headers: API, cookie: `__session = ${VALID} ; __client_uat = ${NOW_S - 100}` });
add('cookie-syntax', 'malformed escape in another cookie', { headers: API, cookie: `bad=%E0%A4%A; __session=${VALID}; __client_uat=${NOW_S - 100}` });

// ---- 5. Handshake eligibility and the loop guard (§1.2, §1.3, §2.4) ----
const stale = { __session: EXPIRED, __client_uat: uat(NOW_S - 200) };
const eligibility = [
  ['sec-fetch-dest iframe', 'GET', { 'sec-fetch-dest': 'iframe' }],
  ['sec-fetch-dest Document (case)', 'GET', { 'sec-fetch-dest': 'Document' }],
  ['accept text/html, no sec-fetch-dest', 'GET', { accept: 'text/html' }],
  ['accept xhtml first', 'GET', { accept: 'application/xhtml+xml,text/html' }],
  ['sec-fetch-dest empty, accept text/html', 'GET', { 'sec-fetch-dest': 'empty', accept: 'text/html' }],
  ['document with accept json', 'GET', { 'sec-fetch-dest': 'document', accept: 'application/json' }],
  ['HEAD document', 'HEAD', DOC],
  ['PUT document', 'PUT', DOC],
  ['no headers at all', 'GET', {}],
];
for (const [note, method, headers] of eligibility) add('eligibility', `expired cookie, ${note}`, { method, headers, cookies: stale });
for (const count of ['0', '1', '2', '3', '5', ' 3 ', '3.0', 'x']) {
  add('loop-guard', `expired cookie, redirect count ${JSON.stringify(count)}`, { headers: DOC, cookies: { ...stale, __clerk_redirect_count: count } });
}
add('loop-guard', 'uat without session, redirect count 3', { headers: DOC, cookies: { __client_uat: uat(NOW_S - 100), __clerk_redirect_count: '3' } });
add('handshake-url', 'redirect_url keeps the query and re-encodes it', { url: `${APP}/p?x=1&y=a%20b&j`, headers: DOC, cookies: stale });
add('handshake-url', 'redirect_url drops __clerk_db_jwt', { url: `${APP}/p?x=1&__clerk_db_jwt=D`, headers: DOC, cookies: stale });
add('handshake-url', 'forwarded host and proto rebuild the origin', { url: 'http://internal:3000/p', headers: { ...DOC, 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' }, cookies: stale });
add('handshake-url', 'proxy URL', { headers: DOC, cookies: stale, options: { proxyUrl: 'https://app.example.com/__clerk/' } });
add('handshake-url', 'relative proxy URL', { headers: DOC, cookies: stale, options: { proxyUrl: '/__clerk' } });
add('handshake-url', 'header token expired is sent as __session', { headers: { ...DOC, ...bearer(EXPIRED) } });

// ---- 6. Cross-origin referer (§1.6) ----
const good = { __session: VALID, __client_uat: uat(NOW_S - 100) };
const referers = [
  ['cross-origin referer', 'https://google.com/search', DOC],
  ['same-origin referer', `${APP}/other`, DOC],
  ['referer from the FAPI host', `https://${PROD_HOST}/v1/client`, DOC],
  ['referer from the account portal', 'https://accounts.example.com/sign-in', DOC],
  ['referer from a dev account portal (prod)', 'https://happy-hippo-1.accounts.dev/sign-in', DOC],
  ['unparsable referer', 'not a url', DOC],
  ['cross-origin referer, iframe', 'https://google.com/', { 'sec-fetch-dest': 'iframe' }],
  ['cross-origin referer, accept-only document', 'https://google.com/', { accept: 'text/html' }],
  ['cross-origin referer, API', 'https://google.com/', API],
  ['referer with another port', 'https://app.example.com:8443/x', DOC],
  ['referer http scheme', 'http://app.example.com/x', DOC],
];
for (const [note, referer, headers] of referers) add('referer', note, { headers: { ...headers, referer }, cookies: good });
add('referer', 'cross-origin referer, POST', { method: 'POST', headers: { ...DOC, referer: 'https://google.com/' }, cookies: good });
add('referer', 'cross-origin referer, redirect count 1', { headers: { ...DOC, referer: 'https://google.com/' }, cookies: { ...good, __clerk_redirect_count: '1' } });
add('referer', 'cross-origin referer, satellite', { headers: { ...DOC, referer: 'https://google.com/' }, cookies: { ...good, __clerk_synced: 'true' }, url: `${APP}/dashboard?__clerk_synced=true`, options: { isSatellite: true, domain: 'app.example.com', signInUrl: 'https://primary.example.com/sign-in' } });
add('referer', 'cross-origin referer, pending session', { headers: { ...DOC, referer: 'https://google.com/' }, cookies: { __session: PENDING, __client_uat: uat(NOW_S - 100) } });
add('referer', 'referer matching forwarded host', { url: 'http://internal:3000/p', headers: { ...DOC, referer: 'https://app.example.com/x', 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' }, cookies: good });

// ---- 7. Suffixed cookies (§4.2 rules 1-8) ----
const sfx = (name, pfx = PROD_SFX) => `${name}_${pfx}`;
const SFX_VALID = session({ sub: 'user_suffixed' });
const PLAIN_VALID = session({ sub: 'user_plain' });
const PLAIN_NEWER = session({ sub: 'user_plain_newer', iat: NOW_S - 5 });
const SFX_OLDER = session({ sub: 'user_suffixed_older', iat: NOW_S - 20 });
const u100 = uat(NOW_S - 100);
const suffixed = [
  ['only suffixed cookies', { [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: u100 }],
  ['suffixed and plain, same age', { __session: PLAIN_VALID, __client_uat: u100, [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: u100 }],
  ['rule 1: plain session not a JWT', { __session: GARBAGE, __client_uat: u100, [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: u100 }],
  ['rule 1: plain session without iss', { __session: NO_ISS, __client_uat: u100, [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: u100 }],
  ['rule 2: plain session from a foreign issuer', { __session: FOREIGN_ISS, __client_uat: u100, [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: u100 }],
  ['rule 2: foreign plain session, no suffixed cookies', { __session: FOREIGN_ISS, __client_uat: u100 }],
  ['rule 3: plain only', { __session: PLAIN_VALID, __client_uat: u100 }],
  ['rule 4: plain newer than suffixed', { __session: PLAIN_NEWER, __client_uat: u100, [sfx('__session')]: SFX_OLDER, [sfx('__client_uat')]: u100 }],
  ['rule 5: suffixed uat 0, plain uat set', { __session: PLAIN_VALID, __client_uat: u100, [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: '0' }],
  ['rule 6 (prod): suffixed expired, plain uat 0', { __session: PLAIN_VALID, __client_uat: '0', [sfx('__session')]: EXPIRED, [sfx('__client_uat')]: u100 }],
  ['rule 7: suffixed session without suffixed uat', { __session: PLAIN_VALID, __client_uat: u100, [sfx('__session')]: SFX_VALID }],
  ['rule 8: suffixed uat without suffixed session', { __session: PLAIN_VALID, __client_uat: u100, [sfx('__client_uat')]: u100 }],
  ['rule 8: both uats 0, both sessions', { __session: PLAIN_VALID, __client_uat: '0', [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: '0' }],
  ['suffixed uat 0 only', { [sfx('__client_uat')]: '0' }],
  ['suffixed uat only', { [sfx('__client_uat')]: u100 }],
  ['suffixed session only', { [sfx('__session')]: SFX_VALID }],
  ['suffixed for another key is ignored', { [`__session_ZZZZZZZZ`]: SFX_VALID, [`__client_uat_ZZZZZZZZ`]: u100 }],
  ['suffixed expired with plain valid', { __session: PLAIN_VALID, __client_uat: u100, [sfx('__session')]: EXPIRED, [sfx('__client_uat')]: u100 }],
  ['suffixed iat before suffixed uat', { [sfx('__session')]: SFX_VALID, [sfx('__client_uat')]: uat(NOW_S - 5) }],
  ['suffixed machine token', { [sfx('__session')]: M2M_SUB, [sfx('__client_uat')]: u100 }],
];
for (const [note, cookies] of suffixed) {
  add('suffixed', `${note} (api)`, { headers: API, cookies });
  add('suffixed', `${note} (doc)`, { headers: DOC, cookies });
}
add('suffixed', 'plain __refresh is never read', { headers: DOC, cookies: { ...stale, __refresh: 'refresh_plain' } });

// ---- 8. Development instances (§1.5 rows 3-5, §4.2 rule 6) ----
const DEV = { publishableKey: DEV_PK, secretKey: DEV_SK };
const DEV_VALID = devSession({ sub: 'user_dev' });
const DEV_EXPIRED = devSession({ sub: 'user_dev', exp: NOW_S - 60, iat: NOW_S - 120, nbf: NOW_S - 125 });
const DB = 'dvb_conformanceDevBrowser';
const dsfx = (name) => sfx(name, DEV_SFX);
const devRows = [
  ['no cookies', {}, ''],
  ['dev browser only', { __clerk_db_jwt: DB }, ''],
  ['suffixed dev browser only', { [dsfx('__clerk_db_jwt')]: DB }, ''],
  ['valid session without dev browser', { __session: DEV_VALID, __client_uat: u100 }, ''],
  ['valid session with dev browser', { __session: DEV_VALID, __client_uat: u100, __clerk_db_jwt: DB }, ''],
  ['valid suffixed session with suffixed dev browser', { [dsfx('__session')]: DEV_VALID, [dsfx('__client_uat')]: u100, [dsfx('__clerk_db_jwt')]: DB }, ''],
  ['valid suffixed session with plain dev browser', { [dsfx('__session')]: DEV_VALID, [dsfx('__client_uat')]: u100, __clerk_db_jwt: DB }, ''],
  ['session without uat, dev browser', { __session: DEV_VALID, __clerk_db_jwt: DB }, ''],
  ['uat without session, dev browser', { __client_uat: u100, __clerk_db_jwt: DB }, ''],
  ['expired session, dev browser', { __session: DEV_EXPIRED, __client_uat: uat(NOW_S - 200), __clerk_db_jwt: DB }, ''],
  ['dev browser in the query', {}, '?__clerk_db_jwt=dvb_fromQuery'],
  ['dev browser in the query and the cookie', { __clerk_db_jwt: DB, __session: DEV_VALID, __client_uat: u100 }, '?__clerk_db_jwt=dvb_fromQuery'],
  ['empty dev browser in the query', { __clerk_db_jwt: DB, __session: DEV_VALID, __client_uat: u100 }, '?__clerk_db_jwt='],
  ['__clerk_redirect_url in the query', { __clerk_db_jwt: DB }, '?__clerk_redirect_url=https%3A%2F%2Fsat.example.org%2Fx'],
  ['rule 6: suffixed expired, plain uat 0', { __session: DEV_VALID, __client_uat: '0', [dsfx('__session')]: DEV_EXPIRED, [dsfx('__client_uat')]: u100, __clerk_db_jwt: DB }, ''],
  ['machine token in the cookie', { __session: devSession({ sub: 'mch_dev', sid: undefined }), __client_uat: u100, __clerk_db_jwt: DB }, ''],
  ['production-issued session', { __session: VALID, __client_uat: u100, __clerk_db_jwt: DB }, ''],
];
for (const [note, cookies, query] of devRows) {
  add('dev', `${note} (api)`, { url: `${APP}/dashboard${query}`, headers: API, cookies, options: DEV });
  add('dev', `${note} (doc)`, { url: `${APP}/dashboard${query}`, headers: DOC, cookies, options: DEV });
}
add('dev', 'cross-origin referer from the dev account portal', { headers: { ...DOC, referer: 'https://happy-hippo-1.accounts.dev/sign-in' }, cookies: { __session: DEV_VALID, __client_uat: u100, __clerk_db_jwt: DB }, options: DEV });
add('dev', 'cross-origin referer from elsewhere', { headers: { ...DOC, referer: 'https://google.com/' }, cookies: { __session: DEV_VALID, __client_uat: u100, __clerk_db_jwt: DB }, options: DEV });
add('dev', 'dev browser sync on POST', { method: 'POST', url: `${APP}/dashboard?__clerk_db_jwt=dvb_fromQuery`, headers: DOC, cookies: {}, options: DEV });

// ---- 9. Handshake resolution inputs (§1.5 step 1, §3): extended by the handshake work ----
const directives = (token, u) => [
  `__session=${token}; Path=/; Secure; SameSite=Lax`,
  `__client_uat=${u}; Path=/; Max-Age=315360000; Secure; SameSite=Strict`,
  `__session_${PROD_SFX}=${token}; Path=/; Secure; SameSite=Lax`,
  `__client_uat_${PROD_SFX}=${u}; Path=/; Max-Age=315360000; Secure; SameSite=Strict`,
];
const HS_OK = jwt({ alg: 'RS256', typ: 'JWT', kid: 'ins_conformance' }, { handshake: directives(VALID, NOW_S - 100) });
const HS_WRONG_KEY = jwt({ alg: 'RS256', typ: 'JWT', kid: 'ins_conformance' }, { handshake: directives(VALID, NOW_S - 100) }, 'rsa2048-b');
add('handshake-in', 'handshake token in the query', { url: `${APP}/dashboard?__clerk_handshake=${HS_OK}`, headers: DOC, cookies: {} });
add('handshake-in', 'handshake token in a cookie', { headers: DOC, cookies: { __clerk_handshake: HS_OK } });
add('handshake-in', 'handshake token signed by another key', { url: `${APP}/dashboard?__clerk_handshake=${HS_WRONG_KEY}`, headers: DOC, cookies: { ...good } });
add('handshake-in', 'nonce answered by the Backend API', { url: `${APP}/dashboard?__clerk_handshake_nonce=nonce_1`, headers: DOC, cookies: {}, bapi: { handshakePayload: { status: 200, body: { directives: directives(VALID, NOW_S - 100) } } } });
add('handshake-in', 'nonce refused by the Backend API', { url: `${APP}/dashboard?__clerk_handshake_nonce=nonce_2`, headers: DOC, cookies: { ...good }, bapi: { handshakePayload: { status: 404, body: { errors: [{ code: 'resource_not_found', message: 'not found' }] } } } });
add('handshake-in', 'nonce on an API request', { url: `${APP}/dashboard?__clerk_handshake_nonce=nonce_3`, headers: API, cookies: {}, bapi: { handshakePayload: { status: 200, body: { directives: directives(VALID, NOW_S - 100) } } } });

// ---- 10. Refresh with __refresh_<suffix> (§5) ----
const REFRESHED = session({ sub: 'user_refreshed', iat: NOW_S - 1 });
add('refresh', 'expired, refresh cookie, Backend API refreshes', { headers: DOC, cookies: { ...stale, [sfx('__refresh')]: 'refresh_1' }, bapi: { refresh: { status: 200, body: { object: 'cookies', cookies: [`__session=${REFRESHED}; Path=/; Secure; SameSite=Lax`, `__client_uat=${NOW_S - 1}; Path=/; Secure; SameSite=Strict`] } } } });
add('refresh', 'expired, refresh cookie, Backend API error', { headers: API, cookies: { ...stale, [sfx('__refresh')]: 'refresh_1' }, bapi: { refresh: { status: 422, body: { errors: [{ code: 'refresh_token_invalid', message: 'bad' }] } } } });
add('refresh', 'expired, refresh cookie, POST', { method: 'POST', headers: API, cookies: { ...stale, [sfx('__refresh')]: 'refresh_1' } });

// ---- 11. Satellite (§7) ----
const SAT = { isSatellite: true, domain: 'sat.example.org', signInUrl: 'https://app.example.com/sign-in' };
add('satellite', 'satellite, no cookies, document', { url: 'https://sat.example.org/dashboard', headers: DOC, cookies: {}, options: SAT });
add('satellite', 'satellite, no cookies, auto sync', { url: 'https://sat.example.org/dashboard', headers: DOC, cookies: {}, options: { ...SAT, satelliteAutoSync: true } });
add('satellite', 'satellite, synced=true', { url: 'https://sat.example.org/dashboard?__clerk_synced=true', headers: DOC, cookies: {}, options: SAT });
add('satellite', 'satellite, valid session from its own FAPI', { url: 'https://sat.example.org/dashboard', headers: DOC, cookies: { __session: session({}, {}, undefined), __client_uat: u100 }, options: SAT });
add('satellite', 'satellite, API request', { url: 'https://sat.example.org/dashboard', headers: API, cookies: {}, options: SAT });

// ---- 12. Organization sync (§6) ----
const ORG = { organizationSyncOptions: { organizationPatterns: ['/orgs/:slug', '/orgs/:slug/(.*)'], personalAccountPatterns: ['/me', '/me/(.*)'] } };
const ORG_SESSION = session({ o: { id: 'org_1', slg: 'acme', rol: 'admin' } });
add('org-sync', 'org in the URL matches the session', { url: `${APP}/orgs/acme`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100 }, options: ORG });
add('org-sync', 'org in the URL differs from the session', { url: `${APP}/orgs/other`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100 }, options: ORG });
add('org-sync', 'personal account with an active org', { url: `${APP}/me`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100 }, options: ORG });
add('org-sync', 'org mismatch on an API request', { url: `${APP}/orgs/other`, headers: API, cookies: { __session: ORG_SESSION, __client_uat: u100 }, options: ORG });

// ---- 13. Claims compared before verification, with JavaScript's coercion (§1.5 step 11) ----
const coerce = [
  ['iat null', null, NOW_S - 100],
  ['iat "0x10"', '0x10', NOW_S - 100],
  ['iat true', true, NOW_S - 100],
  ['iat [number] after uat', [NOW_S - 10], NOW_S - 100],
  ['iat [number] before uat', [NOW_S - 10], NOW_S - 5],
  ['iat {}', {}, NOW_S - 100],
  ['iat " 1799999990 " (spaces)', ` ${NOW_S - 10} `, NOW_S - 5],
  ['iat "" (empty string)', '', NOW_S - 100],
  ['iat fractional before uat', NOW_S - 5.5, NOW_S - 5],
];
for (const [note, iat, u] of coerce) {
  add('coercion', `cookie ${note}`, { headers: API, cookies: { __session: session({ iat }), __client_uat: uat(u) } });
}
add('coercion', 'header machine JWT signed by another key', { headers: { ...API, ...bearer(session({ sub: 'mch_other', sid: undefined }, {}, 'rsa2048-b')) } });
add('coercion', 'cookie machine JWT signed by another key', { headers: API, cookies: { __session: session({ sub: 'mch_other', sid: undefined }, {}, 'rsa2048-b'), __client_uat: uat(NOW_S - 100) } });
add('coercion', 'cookie machine JWT, iat before client uat', { headers: DOC, cookies: { __session: M2M_SUB, __client_uat: uat(NOW_S - 5) } });
add('coercion', 'cookie cat null', { headers: API, cookies: { __session: session({}, { cat: null }), __client_uat: uat(NOW_S - 100) } });

// ---- 14. Handshake: resolution, refresh, organization and satellite sync, loop guard ----
// (appended last so the ids above stay stable)
const HS = { alg: 'RS256', typ: 'JWT', kid: 'ins_conformance' };
const hsToken = (payload, header = {}, key) => jwt({ ...HS, ...header }, payload, key);
const NONCE_OK = { handshakePayload: { status: 200, body: { directives: directives(VALID, NOW_S - 100) } } };
const nonceUrl = (nonce, rest = '') => `${APP}/dashboard?__clerk_handshake_nonce=${nonce}${rest}`;
add('hs-nonce', 'nonce in a cookie', { headers: DOC, cookies: { __clerk_handshake_nonce: 'nonce_c' }, bapi: NONCE_OK });
add('hs-nonce', 'empty nonce in the query, nonce in a cookie', { url: `${APP}/dashboard?__clerk_handshake_nonce=`, headers: DOC, cookies: { __clerk_handshake_nonce: 'nonce_c' }, bapi: NONCE_OK });
add('hs-nonce', 'nonce with no directives', { url: nonceUrl('n_empty'), headers: DOC, cookies: {}, bapi: { handshakePayload: { status: 200, body: { directives: [] } } } });
add('hs-nonce', 'nonce with a signed-out directive', { url: nonceUrl('n_out'), headers: DOC, cookies: {}, bapi: { handshakePayload: { status: 200, body: { directives: ['__client_uat=0; Path=/; Max-Age=315360000'] } } } });
add('hs-nonce', 'nonce answered 500', { url: nonceUrl('n_500'), headers: DOC, cookies: {}, bapi: { handshakePayload: { status: 500, body: { errors: [{ code: 'unexpected_error' }] } } } });
add('hs-nonce', 'nonce ignored with a Bearer token', { url: nonceUrl('n_bearer'), headers: { ...API, ...bearer(VALID) }, cookies: {}, bapi: NONCE_OK });
add('hs-nonce', 'nonce on a POST', { method: 'POST', url: nonceUrl('n_post'), headers: DOC, cookies: {}, bapi: NONCE_OK });
add('hs-nonce', 'nonce with only a suffixed session directive', { url: nonceUrl('n_sfx'), headers: DOC, cookies: {}, bapi: { handshakePayload: { status: 200, body: { directives: [`__session_${PROD_SFX}=${SFX_VALID}; Path=/`, `__client_uat_${PROD_SFX}=${NOW_S - 100}; Path=/`] } } } });
add('hs-nonce', 'nonce whose session is expired, expired cookies', { url: nonceUrl('n_stale'), headers: DOC, cookies: stale, bapi: { handshakePayload: { status: 200, body: { directives: directives(EXPIRED, NOW_S - 200) } } } });
add('hs-nonce', 'nonce wins over a handshake token', { url: `${APP}/dashboard?__clerk_handshake_nonce=n_both&__clerk_handshake=${hsToken({ handshake: ['__client_uat=0; Path=/'] })}`, headers: DOC, cookies: {}, bapi: NONCE_OK });
add('hs-nonce', 'lingering nonce beats valid cookies', { url: nonceUrl('n_linger'), headers: DOC, cookies: { ...good }, bapi: { handshakePayload: { status: 200, body: { directives: [] } } } });
const DEV_NONCE = { handshakePayload: { status: 200, body: { directives: [`__session=${DEV_VALID}; Path=/`, `__client_uat=${NOW_S - 100}; Path=/`] } } };
add('hs-nonce', 'dev nonce: cookies and a clean Location', { url: `${APP}/dashboard?__clerk_handshake_nonce=n_dev&__clerk_db_jwt=D&__clerk_help=1&q=a%20b&keep=1`, headers: DOC, cookies: {}, options: DEV, bapi: DEV_NONCE });
add('hs-nonce', 'dev nonce with no directives', { url: `${APP}/dashboard?__clerk_handshake_nonce=n_dev2`, headers: DOC, cookies: {}, options: DEV, bapi: { handshakePayload: { status: 200, body: { directives: [] } } } });

const HS_NO_ARRAY = hsToken({ handshake: 'not an array' });
add('hs-token', 'handshake token, ignore category', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: directives(VALID, NOW_S - 100) }, { cat: 'cl_I7d4PD111III' })}`, headers: DOC, cookies: {} });
add('hs-token', 'handshake token, session category', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: directives(VALID, NOW_S - 100) }, { cat: SESSION_CAT })}`, headers: DOC, cookies: {} });
add('hs-token', 'handshake token, template category', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: directives(VALID, NOW_S - 100) }, { cat: 'cl_B7d4PD222AAA' })}`, headers: DOC, cookies: {} });
add('hs-token', 'handshake token, M2M category', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: directives(VALID, NOW_S - 100) }, { cat: 'cl_B7d4PD333AAA' })}`, headers: DOC, cookies: { ...good } });
add('hs-token', 'handshake token, typ JOSE', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: directives(VALID, NOW_S - 100) }, { typ: 'JOSE' })}`, headers: DOC, cookies: {} });
add('hs-token', 'handshake token expired long ago', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: directives(VALID, NOW_S - 100), exp: NOW_S - 100000 })}`, headers: DOC, cookies: {} });
add('hs-token', 'handshake claim not an array', { url: `${APP}/dashboard?__clerk_handshake=${HS_NO_ARRAY}`, headers: DOC, cookies: {} });
add('hs-token', 'handshake token that is not a JWT', { url: `${APP}/dashboard?__clerk_handshake=garbage`, headers: DOC, cookies: { ...good } });
add('hs-token', 'handshake token on an API request', { headers: API, cookies: { __clerk_handshake: HS_OK } });
add('hs-token', 'dev handshake token', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: [`__session=${DEV_VALID}; Path=/`] })}&x=1`, headers: DOC, cookies: {}, options: DEV });
add('hs-token', 'dev handshake token signed by another key', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: [] }, {}, 'rsa2048-b')}`, headers: DOC, cookies: {}, options: DEV });
add('hs-token', 'dev handshake token with an expired session (24 h skew retry)', { url: `${APP}/dashboard?__clerk_handshake=${hsToken({ handshake: [`__session=${DEV_EXPIRED}; Path=/`] })}`, headers: DOC, cookies: {}, options: DEV });

const refreshCookies = (token) => ({ status: 200, body: { object: 'cookies', cookies: [`__session=${token}; Path=/; Secure; SameSite=Lax`, `__client_uat=${NOW_S - 1}; Path=/`] } });
const withRefresh = { ...stale, [sfx('__refresh')]: 'refresh_2' };
add('hs-refresh', 'refresh answers no cookies', { headers: DOC, cookies: withRefresh, bapi: { refresh: { status: 200, body: { object: 'cookies', cookies: [] } } } });
add('hs-refresh', 'refresh answers unexpected_error', { headers: DOC, cookies: withRefresh, bapi: { refresh: { status: 500, body: { errors: [{ code: 'unexpected_error' }] } } } });
add('hs-refresh', 'refresh answers an error without a list', { headers: DOC, cookies: withRefresh, bapi: { refresh: { status: 502, body: { message: 'bad gateway' } } } });
add('hs-refresh', 'refresh answers session_expired (doc)', { headers: DOC, cookies: withRefresh, bapi: { refresh: { status: 422, body: { errors: [{ code: 'session_expired' }] } } } });
add('hs-refresh', 'refreshed token is expired too', { headers: DOC, cookies: withRefresh, bapi: { refresh: refreshCookies(EXPIRED) } });
add('hs-refresh', 'refresh on an API GET', { headers: API, cookies: withRefresh, bapi: { refresh: refreshCookies(REFRESHED) } });
add('hs-refresh', 'refresh of an expired Bearer token', { headers: { ...API, ...bearer(EXPIRED) }, cookies: { [sfx('__refresh')]: 'refresh_3' }, bapi: { refresh: refreshCookies(REFRESHED) } });
add('hs-refresh', 'refresh of suffixed cookies', { headers: DOC, cookies: { [sfx('__session')]: EXPIRED, [sfx('__client_uat')]: uat(NOW_S - 200), [sfx('__refresh')]: 'refresh_4' }, bapi: { refresh: { status: 200, body: { object: 'cookies', cookies: [`__session_${PROD_SFX}=${REFRESHED}; Path=/`] } } } });
add('hs-refresh', 'expired token without sid', { headers: DOC, cookies: { __session: session({ sid: undefined, exp: NOW_S - 60, iat: NOW_S - 120, nbf: NOW_S - 125 }), __client_uat: uat(NOW_S - 200), [sfx('__refresh')]: 'refresh_5' }, bapi: { refresh: refreshCookies(REFRESHED) } });
add('hs-refresh', 'refresh without a secret key client answer (404)', { headers: DOC, cookies: withRefresh });

const ORG_ID = { organizationSyncOptions: { organizationPatterns: ['/orgs/:id', '/orgs/:id/(.*)'], personalAccountPatterns: ['/me'] } };
add('hs-org', 'org id differs', { url: `${APP}/orgs/org_2`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100 }, options: ORG_ID });
add('hs-org', 'org id matches', { url: `${APP}/orgs/org_1/settings`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100 }, options: ORG_ID });
add('hs-org', 'org mismatch, redirect count 3', { url: `${APP}/orgs/other`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100, __clerk_redirect_count: '3' }, options: ORG });
add('hs-org', 'org mismatch, redirect count 2', { url: `${APP}/orgs/other`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100, __clerk_redirect_count: '2' }, options: ORG });
add('hs-org', 'expired cookie on an org path carries organization_id', { url: `${APP}/orgs/acme`, headers: DOC, cookies: stale, options: ORG });
add('hs-org', 'personal path without an org', { url: `${APP}/me`, headers: DOC, cookies: { __session: VALID, __client_uat: u100 }, options: ORG });
add('hs-org', 'org mismatch with a pending session', { url: `${APP}/orgs/other`, headers: DOC, cookies: { __session: session({ sts: 'pending', o: { id: 'org_1', slg: 'acme', rol: 'admin' } }), __client_uat: u100 }, options: ORG });
add('hs-org', 'org path, case-insensitive with a trailing slash', { url: `${APP}/ORGS/other/`, headers: DOC, cookies: { __session: ORG_SESSION, __client_uat: u100 }, options: ORG });

const SAT_URL = 'https://sat.example.org/dashboard';
add('hs-satellite', 'satellite asked to sync', { url: `${SAT_URL}?__clerk_synced=false`, headers: DOC, cookies: {}, options: SAT });
add('hs-satellite', 'satellite with uat and no session', { url: SAT_URL, headers: DOC, cookies: { __client_uat: u100 }, options: SAT });
add('hs-satellite', 'satellite sync, redirect count 3', { url: `${SAT_URL}?__clerk_synced=false`, headers: DOC, cookies: { __clerk_redirect_count: '3' }, options: SAT });
const DEV_SAT = { ...DEV, isSatellite: true, domain: 'sat.example.org', signInUrl: 'https://app.example.com/sign-in' };
add('hs-satellite', 'dev satellite asked to sync', { url: `${SAT_URL}?__clerk_synced=false`, headers: DOC, cookies: {}, options: DEV_SAT });
add('hs-satellite', 'dev satellite, auto sync', { url: SAT_URL, headers: DOC, cookies: {}, options: { ...DEV_SAT, satelliteAutoSync: true } });
add('hs-satellite', 'dev satellite synced with a dev browser in the query', { url: `${SAT_URL}?__clerk_synced=true&__clerk_db_jwt=dvb_sat`, headers: DOC, cookies: {}, options: DEV_SAT });
add('hs-satellite', 'dev primary replaces __clerk_synced', { url: `${APP}/dashboard?__clerk_redirect_url=${encodeURIComponent('https://sat.example.org/p?__clerk_synced=false&a=1')}`, headers: DOC, cookies: { __clerk_db_jwt: DB }, options: DEV });
add('hs-satellite', 'dev primary responds on an API request', { url: `${APP}/dashboard?__clerk_redirect_url=${encodeURIComponent('https://sat.example.org/p')}`, headers: API, cookies: { __clerk_db_jwt: DB }, options: DEV });
add('hs-satellite', 'domain is ignored on a non-satellite', { headers: DOC, cookies: stale, options: { domain: 'other.example.org' } });

add('hs-loop', 'dev browser missing, redirect count 3', { headers: DOC, cookies: { __clerk_redirect_count: '3' }, options: DEV });
add('hs-loop', 'expired cookie, redirect count "0x3"', { headers: DOC, cookies: { ...stale, __clerk_redirect_count: '0x3' } });
add('hs-loop', 'expired cookie, redirect count "4"', { headers: DOC, cookies: { ...stale, __clerk_redirect_count: '4' } });
add('hs-url', 'proxy URL with a path and trailing slashes', { headers: DOC, cookies: stale, options: { proxyUrl: 'https://proxy.example.com/clerk-proxy//' } });
add('hs-url', 'proxy URL, cross-origin referer from the proxy host', { headers: { ...DOC, referer: 'https://proxy.example.com/x' }, cookies: good, options: { proxyUrl: 'https://proxy.example.com/clerk-proxy' } });
add('hs-url', 'dev handshake carries the dev browser', { url: `${APP}/dashboard?x=1`, headers: DOC, cookies: { __clerk_db_jwt: DB, __client_uat: u100 }, options: DEV });
add('hs-url', 'fragment-free redirect_url with a semicolon', { url: `${APP}/p?a=1;b=2`, headers: DOC, cookies: stale });

const out = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
writeFileSync(join(here, '..', 'cases', 'authenticate.jsonl'), out);
console.error(`gen-cases.mjs: ${cases.length} cases -> cases/authenticate.jsonl (suffix prod ${PROD_SFX}, dev ${DEV_SFX})`);
