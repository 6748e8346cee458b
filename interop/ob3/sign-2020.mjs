#!/usr/bin/env node
// Sign a credential with the legacy Ed25519Signature2020 suite
// (@digitalcredentials/ed25519-signature-2020, the suite verifier-core still
// accepts), offline, as a fresh did:key. Adds the suite context to @context
// and sets the issuer id to the did:key.
// usage: node sign-2020.mjs IN.json OUT.json
// The suite packages come with @digitalcredentials/verifier-core (see
// package-lock.json); they are not direct dependencies.
import {readFileSync, writeFileSync} from 'node:fs';
import {Ed25519VerificationKey2020} from '@digitalcredentials/ed25519-verification-key-2020';
import {Ed25519Signature2020} from '@digitalcredentials/ed25519-signature-2020';
import * as vc from '@digitalcredentials/vc';
import {makeDocumentLoader} from './lib/offline.mjs';

const [inFile, outFile] = process.argv.slice(2);
if(!inFile || !outFile) {
  console.error('usage: node sign-2020.mjs IN.json OUT.json');
  process.exit(3);
}
const credential = JSON.parse(readFileSync(inFile, 'utf8'));
const keyPair = await Ed25519VerificationKey2020.generate();
keyPair.controller = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.id = `${keyPair.controller}#${keyPair.publicKeyMultibase}`;
const SUITE_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
if(!credential['@context'].includes(SUITE_CONTEXT)) credential['@context'].push(SUITE_CONTEXT);
if(credential.issuer && typeof credential.issuer === 'object') credential.issuer.id = keyPair.controller;
else credential.issuer = keyPair.controller;
const suite = new Ed25519Signature2020({key: keyPair});
const signed = await vc.issue({credential, suite, documentLoader: makeDocumentLoader()});
writeFileSync(outFile, JSON.stringify(signed, null, 2) + '\n');
console.error(`signed ${inFile} -> ${outFile} with ${keyPair.id}`);
