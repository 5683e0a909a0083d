"""The official Python administration SDK (azure-keyvault-administration's KeyVaultAccessControlClient) against a
running Trustplane: built-in role definitions, and a role assignment created, read, listed and deleted at the
key-wide scope. Run by OtherSdksTest; the api-version is put on the wire as sdk_support.py says.

Usage: admin_check.py VAULT_URL CA_PEM TOKEN_FILE API_VERSION PRINCIPAL_ID
"""
import sys
import uuid

from azure.core.exceptions import ResourceNotFoundError
from azure.keyvault.administration import KeyVaultAccessControlClient, KeyVaultRoleScope
from azure.keyvault.administration._internal.client_base import DEFAULT_VERSION

from sdk_support import Checks, Credential, client_options

url, ca, token_file, api, principal = sys.argv[1:6]
check = Checks()
client = KeyVaultAccessControlClient(url, Credential(token_file), **client_options(ca, DEFAULT_VERSION, api))
definitions = {d.role_name: d for d in client.list_role_definitions(KeyVaultRoleScope.GLOBAL)}
check("nine built-in roles", {"Managed HSM Administrator", "Managed HSM Crypto Officer", "Managed HSM Crypto User",
                              "Managed HSM Policy Administrator", "Managed HSM Crypto Auditor",
                              "Managed HSM Crypto Service Encryption User", "Managed HSM Crypto Service Release User",
                              "Managed HSM Backup", "Managed HSM Restore"} <= set(definitions))
user = definitions["Managed HSM Crypto User"]
check("definition by name", client.get_role_definition(KeyVaultRoleScope.GLOBAL, user.name).role_name == user.role_name)
name = str(uuid.uuid4())
assignment = client.create_role_assignment(KeyVaultRoleScope.KEYS, user.id, principal, name=name)
check("assign at /keys", assignment.name == name and assignment.properties.principal_id == principal)
check("get", client.get_role_assignment(KeyVaultRoleScope.KEYS, name).properties.role_definition_id == user.id)
check("listed at the top level", name in [a.name for a in client.list_role_assignments(KeyVaultRoleScope.GLOBAL)])
client.delete_role_assignment(KeyVaultRoleScope.KEYS, name)
try:
    client.get_role_assignment(KeyVaultRoleScope.KEYS, name)
    check("deleted", False)
except ResourceNotFoundError:
    check("deleted", True)
print(f"ALL OK ({check.count} checks, api-version {api})")
