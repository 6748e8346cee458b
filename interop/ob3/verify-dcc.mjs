#!/usr/bin/env node
// Cross-check with the Digital Credentials Consortium verifier-core (the
// library behind the DCC Learner Credential Wallet and VerifierPlus), fully
// offline. verifier-core builds its own document loader (bundled VC/OB
// contexts, did:key + did:web) and fetches status lists, schemas and issuer
// registries with the global fetch(). We replace global fetch() BEFORE
// importing it: URLs given with --doc URL=path and the official OB 3.0 schema
// URLs (served from crates/evident-credentials/data/schemas) are answered locally; everything else gets a
// 404 and is logged to stderr. No request leaves the process.
//
// usage: node verify-dcc.mjs CRED.json [--doc URL=path]...
// exit:  0 signature valid, not expired, not revoked; 1 signature invalid or
//        fatal error; 2 valid signature but revoked/expired; 3 usage.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from './lib/offline.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const [credFile] = args._;
if(!credFile) { console.error('usage: node verify-dcc.mjs CRED.json [--doc URL=path]...'); process.exit(3); }

const local = new Map();
for(const p of args.docs) { const i = p.indexOf('='); local.set(p.slice(0, i), readFileSync(p.slice(i + 1), 'utf8')); }
const SCHEMA_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';
for(const name of ['achievementcredential', 'endorsementcredential', 'profile']) {
  const url = `${SCHEMA_BASE}ob_v3p0_${name}_schema.json`;
  const schema = JSON.parse(readFileSync(path.join(here, '..', '..', 'crates', 'evident-credentials', 'data', 'schemas', `ob_v3p0_${name}_schema.json`), 'utf8'));
  schema.$id = url; // stored copy carries the generator's $id; serve it under the published URL
  local.set(url, JSON.stringify(schema));
}
globalThis.fetch = async (input) => {
  const url = typeof input === 'string' ? input : (input.url ?? String(input));
  const key = local.has(url) ? url : url.split('#')[0];
  if(local.has(key)) {
    return new Response(local.get(key), {status: 200, headers: {'content-type': 'application/json'}});
  }
  console.error(`[offline fetch stub] 404 for ${url}`);
  return new Response('offline', {status: 404, statusText: 'Not Found (offline stub)'});
};

const {verifyCredential} = await import('@digitalcredentials/verifier-core');
const credential = JSON.parse(readFileSync(credFile, 'utf8'));
const result = await verifyCredential({credential, knownDIDRegistries: []});
const {credential: _omit, ...rest} = result;
for(const e of rest.errors || []) delete e.stackTrace;
console.log(JSON.stringify(rest, null, 2));
if(rest.errors?.length) process.exit(1);
const step = id => (rest.log || []).find(s => s.id === id);
if(step('valid_signature')?.valid !== true) process.exit(1);
if(step('expiration')?.valid === false || step('revocation_status')?.valid === false) process.exit(2);
process.exit(0);
