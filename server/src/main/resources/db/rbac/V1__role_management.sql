-- Managed HSM local RBAC: custom role definitions and role assignments (built-in definitions live in code).
CREATE TABLE rbac_role_definitions (
    name             VARCHAR(36)   NOT NULL PRIMARY KEY, -- a GUID, lower case
    role_name        VARCHAR(200)  NOT NULL,
    role_name_key    VARCHAR(200)  NOT NULL UNIQUE,      -- role_name in lower case: names are unique ignoring case
    description      VARCHAR(1000) NOT NULL,
    permissions      TEXT          NOT NULL,             -- JSON array of {dataActions, notDataActions}
    assignable_scopes VARCHAR(200) NOT NULL,             -- JSON array
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);

CREATE TABLE rbac_role_assignments (
    name            VARCHAR(36)  NOT NULL PRIMARY KEY, -- a GUID, lower case
    scope           VARCHAR(200) NOT NULL,             -- /, /keys or /keys/{name}
    role_definition VARCHAR(36)  NOT NULL,             -- the definition's GUID (built-in or custom)
    principal_id    VARCHAR(64)  NOT NULL,             -- a Trustplane token id
    created_at      BIGINT       NOT NULL,
    UNIQUE (scope, role_definition, principal_id)
);

CREATE INDEX rbac_role_assignments_principal ON rbac_role_assignments (principal_id);
