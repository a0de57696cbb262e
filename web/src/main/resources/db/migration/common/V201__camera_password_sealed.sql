-- Camera passwords at rest are sealed (AES-GCM) with a key kept outside the database (issue #20).
-- The clear column stays for databases from before: Vigil seals its rows at start and empties it.
ALTER TABLE cameras ADD COLUMN password_sealed text;
COMMENT ON COLUMN cameras.password IS 'Obsolete: emptied at start, once the password is in password_sealed';
COMMENT ON COLUMN cameras.password_sealed IS 'v1:<key id>:<base64 nonce, ciphertext, tag>; the key is not in the database';
