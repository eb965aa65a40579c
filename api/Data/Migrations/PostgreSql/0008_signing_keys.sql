-- The issuer's signing keys, shared by every node (Certificates:SigningKeyStore = database). The newest key not retired
-- signs; retired keys stay, so the JWK set still verifies what they signed. The private key is PKCS#8 PEM: protect the
-- database (and its backups) as the key itself, or configure Certificates:SigningKeyPem from a secret store instead.
CREATE TABLE signing_keys (
    thumbprint  VARCHAR(100) NOT NULL PRIMARY KEY,
    private_key TEXT         NOT NULL,
    created_at  VARCHAR(40)  NOT NULL,
    retired_at  VARCHAR(40)  NULL
);
