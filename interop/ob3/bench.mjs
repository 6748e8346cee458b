#!/usr/bin/env node
// Sign and verify throughput of the Digital Bazaar libraries
// (@digitalbazaar/vc + eddsa-rdfc-2022), offline, on the same credential as
// the Rust benchmark (the example micro-credential without its status entry).
// usage: node bench.mjs [N]   (default 200); prints one JSON line per operation.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {makeDocumentLoader, loadOrCreateKey} from './lib/offline.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.argv[2] || 200);
const fixture = path.join(here, '..', '..', 'crates', 'evident-credentials', 'tests', 'data',
  'educator-microcredential.unsigned.json');
const credential = JSON.parse(readFileSync(fixture, 'utf8'));
delete credential.credentialStatus;
const keyPair = await loadOrCreateKey();
credential.issuer.id = keyPair.controller;
const documentLoader = makeDocumentLoader();

const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const report = (operation, samples) => {
  const ms = median(samples);
  console.log(JSON.stringify({implementation: '@digitalbazaar/vc 7.3.0 (Node ' + process.version + ')',
    operation, median_ms: Number(ms.toFixed(3)), per_second: Number((1000 / ms).toFixed(1))}));
};

let signed;
const signSamples = [];
for(let i = 0; i < iterations; i++) {
  const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: eddsaRdfc2022CryptoSuite});
  const start = performance.now();
  signed = await vc.issue({credential: structuredClone(credential), suite, documentLoader});
  signSamples.push(performance.now() - start);
}
report('sign', signSamples);

const verifySamples = [];
for(let i = 0; i < iterations; i++) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const start = performance.now();
  const result = await vc.verifyCredential({credential: signed, suite, documentLoader});
  verifySamples.push(performance.now() - start);
  if(!result.verified) { console.error(JSON.stringify(result.error)); process.exit(1); }
}
report('verify (proof, key, dates)', verifySamples);
