"""The official Python SDK (azure-keyvault-keys) against a running Trustplane: key lifecycle, paging, rotation,
crypto, backup, soft delete and Key Vault's error codes, at one api-version. Run by OtherSdksTest.

Usage: keys_check.py VAULT_URL CA_PEM TOKEN_FILE API_VERSION
Prints one "ok <check>" line per check and "ALL OK" at the end; exits 1 at the first failed check.
"""
import hashlib
import os
import sys

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.keyvault.keys import KeyClient, KeyCurveName, KeyType
from azure.keyvault.keys._shared.client_base import DEFAULT_VERSION
from azure.keyvault.keys.crypto import CryptographyClient, EncryptionAlgorithm, KeyWrapAlgorithm, SignatureAlgorithm

from sdk_support import Checks, Credential, client_options

url, ca, token_file, api = sys.argv[1:5]
credential = Credential(token_file)
options = client_options(ca, DEFAULT_VERSION, api)
check = Checks()

keys = KeyClient(url, credential, **options)
suffix = "-py-" + api.replace(".", "")
rsa = keys.create_rsa_key("rsa" + suffix, size=2048, tags={"app": "python"})
check("create RSA", rsa.key_type == KeyType.rsa and rsa.properties.tags == {"app": "python"})
check("kid names the vault", rsa.id.startswith(url + "/keys/rsa" + suffix + "/"))
ec = keys.create_ec_key("ec" + suffix, curve=KeyCurveName.p_256)
check("create EC P-256", ec.key.crv == KeyCurveName.p_256)
aes = keys.create_oct_key("oct" + suffix, size=256, hardware_protected=True)
check("create oct-HSM", aes.key_type == KeyType.oct_hsm)
check("get", keys.get_key(rsa.name).properties.version == rsa.properties.version)
names = [k.name for k in keys.list_properties_of_keys(max_page_size=1)]
check("list with nextLink paging", {rsa.name, ec.name, aes.name} <= set(names))
check("update tags", keys.update_key_properties(rsa.name, tags={"app": "updated"}).properties.tags == {"app": "updated"})
rotated = keys.rotate_key(rsa.name)
check("rotate", rotated.properties.version != rsa.properties.version)
check("list versions", len(list(keys.list_properties_of_key_versions(rsa.name))) == 2)
check("rotation policy", keys.get_key_rotation_policy(rsa.name) is not None)

digest = hashlib.sha256(b"trustplane").digest()
rsa_crypto = CryptographyClient(rotated, credential, **options)
for alg in (SignatureAlgorithm.rs256, SignatureAlgorithm.ps256):
    signed = rsa_crypto.sign(alg, digest)
    check("sign and verify " + alg, rsa_crypto.verify(alg, digest, signed.signature).is_valid)
sealed = rsa_crypto.encrypt(EncryptionAlgorithm.rsa_oaep_256, b"secret")
check("RSA-OAEP-256 decrypt", rsa_crypto.decrypt(EncryptionAlgorithm.rsa_oaep_256, sealed.ciphertext).plaintext == b"secret")
cek = os.urandom(32)
wrapped = rsa_crypto.wrap_key(KeyWrapAlgorithm.rsa_oaep, cek)
check("RSA-OAEP unwrap", rsa_crypto.unwrap_key(KeyWrapAlgorithm.rsa_oaep, wrapped.encrypted_key).key == cek)
ec_crypto = CryptographyClient(ec, credential, **options)
signed = ec_crypto.sign(SignatureAlgorithm.es256, digest)
check("ES256", len(signed.signature) == 64 and ec_crypto.verify(SignatureAlgorithm.es256, digest, signed.signature).is_valid)
aes_crypto = CryptographyClient(aes, credential, **options)
sealed = aes_crypto.encrypt(EncryptionAlgorithm.a256_gcm, b"data", additional_authenticated_data=b"aad")
opened = aes_crypto.decrypt(EncryptionAlgorithm.a256_gcm, sealed.ciphertext, iv=sealed.iv,
                            authentication_tag=sealed.tag, additional_authenticated_data=b"aad")
check("A256GCM", opened.plaintext == b"data")
wrapped = aes_crypto.wrap_key(KeyWrapAlgorithm.aes_256, cek)
check("A256KW", aes_crypto.unwrap_key(KeyWrapAlgorithm.aes_256, wrapped.encrypted_key).key == cek)

check("backup", len(keys.backup_key(ec.name)) > 100)
keys.begin_delete_key(ec.name).wait()
check("soft delete", keys.get_deleted_key(ec.name).recovery_id is not None)
check("list deleted", ec.name in [k.name for k in keys.list_deleted_keys()])
keys.begin_recover_deleted_key(ec.name).wait()
check("recover", keys.get_key(ec.name).name == ec.name)
try:
    keys.get_key("missing" + suffix)
    check("404 for a missing key", False)
except ResourceNotFoundError as e:
    check("404 KeyNotFound", e.error.code == "KeyNotFound")
try:
    keys.create_rsa_key("bad_name", size=2048)
    check("400 for a bad name", False)
except HttpResponseError as e:
    check("400 BadParameter", e.status_code == 400 and e.error.code == "BadParameter")
print(f"ALL OK ({check.count} checks, api-version {api})")
