// The official JavaScript SDK (@azure/keyvault-keys) against a running Trustplane: key lifecycle, paging, rotation
// and its policy, crypto, backup/restore, soft delete, import, random bytes, Key Vault's error codes and, given an
// attestation token, secure key release. Run by OtherSdksTest.
//
// Usage: node keys_check.js VAULT_URL TOKEN_FILE SERVICE_VERSION [ATTESTATION_TOKEN_FILE]
// (the CA comes from NODE_EXTRA_CA_CERTS). Prints "ok <check>" per check, "released <JWS>" for the release, and
// "ALL OK" at the end; exits 1 at the first failed check.
"use strict";
const { KeyClient, CryptographyClient, KnownKeyExportEncryptionAlgorithm } = require("@azure/keyvault-keys");
const crypto = require("node:crypto");
const fs = require("node:fs");

const [url, tokenFile, version, attestationFile] = process.argv.slice(2);
const token = fs.readFileSync(tokenFile, "utf8").trim();
const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600e3 }) };
const options = { disableChallengeResourceVerification: true, serviceVersion: version };
let checks = 0;

function check(name, condition) {
  if (!condition) {
    console.log("FAIL", name);
    process.exit(1);
  }
  checks++;
  console.log("ok", name);
}

async function refused(name, call, status, code) {
  try {
    await call();
    check(name, false);
  } catch (e) {
    check(`${name}: ${status} ${code}`, e.statusCode === status && e.code === code);
  }
}

const sha = (alg, text) => crypto.createHash(alg).update(text).digest();
const text = (bytes) => Buffer.from(bytes).toString();

async function main() {
  const keys = new KeyClient(url, credential, options);
  const suffix = "-js-" + version.replace(/\./g, "");
  const rsa = await keys.createRsaKey("rsa" + suffix, { keySize: 2048, tags: { app: "js" } });
  check("create RSA", rsa.keyType === "RSA" && rsa.properties.tags.app === "js");
  const ec = await keys.createEcKey("ec" + suffix, { curve: "P-384" });
  check("create EC P-384", ec.key.crv === "P-384");
  const aes = await keys.createOctKey("oct" + suffix, { keySize: 256, hsm: true });
  check("create oct-HSM", aes.keyType === "oct-HSM");
  check("get", (await keys.getKey(rsa.name)).id === rsa.id);
  const names = [];
  for await (const page of keys.listPropertiesOfKeys().byPage({ maxPageSize: 1 })) names.push(...page.map((k) => k.name));
  check("list with nextLink paging", [rsa.name, ec.name, aes.name].every((n) => names.includes(n)));
  check("update tags", (await keys.updateKeyProperties(rsa.name, { tags: { app: "updated" } })).properties.tags.app === "updated");
  const rotated = await keys.rotateKey(rsa.name);
  check("rotate", rotated.properties.version !== rsa.properties.version);
  const versions = [];
  for await (const v of keys.listPropertiesOfKeyVersions(rsa.name)) versions.push(v.version);
  check("list versions", versions.length === 2);
  await keys.updateKeyRotationPolicy(rsa.name, { expiresIn: "P90D", lifetimeActions: [{ action: "Rotate", timeBeforeExpiry: "P30D" }] });
  const policy = await keys.getKeyRotationPolicy(rsa.name);
  check("rotation policy", policy.expiresIn === "P90D" && policy.lifetimeActions[0].action === "Rotate");

  const rsaCrypto = new CryptographyClient(rotated.id, credential, options);
  for (const [alg, hash] of [["RS256", "sha256"], ["PS256", "sha256"], ["RS384", "sha384"], ["PS512", "sha512"]]) {
    const digest = sha(hash, "trustplane");
    const signed = await rsaCrypto.sign(alg, digest);
    check("sign and verify " + alg, (await rsaCrypto.verify(alg, digest, signed.result)).result);
  }
  const sealed = await rsaCrypto.encrypt({ algorithm: "RSA-OAEP-256", plaintext: Buffer.from("secret") });
  check("RSA-OAEP-256 decrypt", text((await rsaCrypto.decrypt({ algorithm: "RSA-OAEP-256", ciphertext: sealed.result })).result) === "secret");
  const cek = crypto.randomBytes(32);
  const wrapped = await rsaCrypto.wrapKey("RSA-OAEP", cek);
  check("RSA-OAEP unwrap", Buffer.from((await rsaCrypto.unwrapKey("RSA-OAEP", wrapped.result)).result).equals(cek));
  const ecCrypto = new CryptographyClient(ec.id, credential, options);
  const digest384 = sha("sha384", "trustplane");
  const ecSigned = await ecCrypto.sign("ES384", digest384);
  check("ES384", ecSigned.result.length === 96 && (await ecCrypto.verify("ES384", digest384, ecSigned.result)).result);
  const aesCrypto = new CryptographyClient(aes.id, credential, options);
  const aad = Buffer.from("aad");
  const gcm = await aesCrypto.encrypt({ algorithm: "A256GCM", plaintext: Buffer.from("data"), additionalAuthenticatedData: aad });
  const opened = await aesCrypto.decrypt({ algorithm: "A256GCM", ciphertext: gcm.result, iv: gcm.iv,
    authenticationTag: gcm.authenticationTag, additionalAuthenticatedData: aad });
  check("A256GCM", text(opened.result) === "data");
  const cbc = await aesCrypto.encrypt({ algorithm: "A256CBCPAD", plaintext: Buffer.from("cbc data"), iv: crypto.randomBytes(16) });
  check("A256CBCPAD", text((await aesCrypto.decrypt({ algorithm: "A256CBCPAD", ciphertext: cbc.result, iv: cbc.iv })).result) === "cbc data");
  const kw = await aesCrypto.wrapKey("A256KW", cek);
  check("A256KW", Buffer.from((await aesCrypto.unwrapKey("A256KW", kw.result)).result).equals(cek));

  const backup = await keys.backupKey(ec.name);
  check("backup", backup.length > 100);
  await (await keys.beginDeleteKey(ec.name)).pollUntilDone();
  check("soft delete", (await keys.getDeletedKey(ec.name)).name === ec.name);
  await keys.purgeDeletedKey(ec.name);
  check("restore after purge", (await keys.restoreKeyBackup(backup)).name === ec.name);
  await (await keys.beginDeleteKey(aes.name)).pollUntilDone();
  await (await keys.beginRecoverDeletedKey(aes.name)).pollUntilDone();
  check("recover", (await keys.getKey(aes.name)).name === aes.name);
  check("random bytes", (await keys.getRandomBytes(16)).length === 16);
  const imported = await keys.importKey("imported" + suffix, { kty: "oct-HSM", k: crypto.randomBytes(32), keyOps: ["encrypt", "decrypt"] });
  check("import", imported.keyType === "oct-HSM");
  await refused("missing key", () => keys.getKey("missing" + suffix), 404, "KeyNotFound");
  await refused("bad name", () => keys.createRsaKey("bad_name"), 400, "BadParameter");

  if (attestationFile) {
    const releasePolicy = { version: "1.0.0", anyOf: [{ authority: url, allOf: [
      { claim: "x-ms-attestation-type", equals: "sevsnpvm" }, { claim: "x-ms-sevsnpvm-is-debuggable", equals: false }] }] };
    const name = "skr" + suffix;
    const exportable = await keys.createRsaKey(name, { keySize: 2048, hsm: true, exportable: true,
      releasePolicy: { encodedPolicy: new TextEncoder().encode(JSON.stringify(releasePolicy)) } });
    check("exportable key with release policy", exportable.properties.exportable === true
      && new TextDecoder().decode(exportable.properties.releasePolicy.encodedPolicy).includes("sevsnpvm"));
    const released = await keys.releaseKey(name, fs.readFileSync(attestationFile, "utf8").trim(),
      { algorithm: KnownKeyExportEncryptionAlgorithm.RsaAesKeyWrap256 });
    check("release", released.value.split(".").length === 3);
    console.log("released", released.value);
    await refused("release with a malformed token", () => keys.releaseKey(name, "not-a-token"), 400, "BadParameter");
  }
  console.log(`ALL OK (${checks} checks, service version ${version})`);
}

main().catch((e) => {
  console.log("ERROR", e.statusCode, e.code, e.message);
  process.exit(1);
});
