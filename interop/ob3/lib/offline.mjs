// Offline JSON-LD document loader + did:key resolution for the OB 3.0 oracle.
// Contexts are read from crates/evident-credentials/data/contexts (index.json maps URL -> file), so the
// Node oracle canonicalizes against exactly the same context bytes that the
// Rust implementation bundles. Any other URL fails closed (no network).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CONTEXT_DIR = path.resolve(here, '..', '..', '..', 'crates', 'evident-credentials', 'data', 'contexts');

const index = JSON.parse(readFileSync(path.join(CONTEXT_DIR, 'index.json'), 'utf8'));
const contexts = new Map(Object.entries(index).map(
  ([url, file]) => [url, JSON.parse(readFileSync(path.join(CONTEXT_DIR, file), 'utf8'))]));

export const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

// extraDocs: Map(url -> JSON document), e.g. a BitstringStatusListCredential
// or a did:web DID document, loaded from local files by the caller.
export function makeDocumentLoader({extraDocs = new Map(), log = false} = {}) {
  return async function documentLoader(url) {
    if(log) console.error('documentLoader:', url);
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
    }
    if(extraDocs.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(extraDocs.get(url))};
    }
    if(url.startsWith('did:key:')) {
      const document = await didKeyDriver.get({url});
      return {contextUrl: null, documentUrl: url, document};
    }
    const base = url.split('#')[0];
    if(extraDocs.has(base)) {
      // DID URL with fragment into a locally supplied DID document (e.g. did:web)
      const doc = extraDocs.get(base);
      const vm = [].concat(doc.verificationMethod || []).find(m => m.id === url);
      if(vm) {
        return {contextUrl: null, documentUrl: url,
          document: {'@context': doc['@context'], ...structuredClone(vm)}};
      }
    }
    throw new Error(`offline documentLoader: refusing to load "${url}"`);
  };
}

// Load "URL=path" pairs into a Map for makeDocumentLoader({extraDocs}).
export function loadExtraDocs(pairs = []) {
  const m = new Map();
  for(const p of pairs) {
    const i = p.indexOf('=');
    if(i < 1) throw new Error(`expected URL=path, got "${p}"`);
    m.set(p.slice(0, i), JSON.parse(readFileSync(p.slice(i + 1), 'utf8')));
  }
  return m;
}

export async function loadOrCreateKey(keyFile) {
  const {existsSync, writeFileSync} = await import('node:fs');
  if(keyFile && existsSync(keyFile)) {
    return Ed25519Multikey.from(JSON.parse(readFileSync(keyFile, 'utf8')));
  }
  const keyPair = await Ed25519Multikey.generate();
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  if(keyFile) {
    const exported = await keyPair.export({publicKey: true, secretKey: true, includeContext: true});
    writeFileSync(keyFile, JSON.stringify(exported, null, 2) + '\n', {mode: 0o600});
  }
  return keyPair;
}

export function parseArgs(argv) {
  const out = {_: [], docs: []};
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(a === '--doc') out.docs.push(argv[++i]);
    else if(a.startsWith('--')) {
      const k = a.slice(2);
      const next = argv[i + 1];
      if(next === undefined || next.startsWith('--')) out[k] = true;
      else { out[k] = next; i++; }
    } else out._.push(a);
  }
  return out;
}
