-- Web users, their sessions and API tokens. Versions V100 and up belong to the web module.

CREATE TABLE vigil_user (
  id            BIGSERIAL PRIMARY KEY,
  -- NFKC-normalised and lower-cased before it is stored or looked up.
  username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
  -- PBKDF2 in modular crypt form: algorithm, iterations, salt and hash; never returned.
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'ioc', 'manager', 'carrier')),
  -- The carrier organisation whose cameras a carrier manages.
  organisation  TEXT,
  -- The sites a manager handles alerts for.
  sites         TEXT[] NOT NULL DEFAULT '{}',
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (role <> 'carrier' OR organisation IS NOT NULL)
);

CREATE TABLE vigil_session (
  -- SHA-256 of the cookie value: a database leak gives no usable session.
  id_hash     BYTEA PRIMARY KEY,
  user_id     BIGINT NOT NULL REFERENCES vigil_user (id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen   TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX vigil_session_user ON vigil_session (user_id);

CREATE TABLE vigil_api_token (
  id          BIGSERIAL PRIMARY KEY,
  user_id     BIGINT NOT NULL REFERENCES vigil_user (id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- SHA-256 of the secret; the secret is shown once, when the token is made.
  token_hash  BYTEA NOT NULL UNIQUE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_used   TIMESTAMPTZ
);
CREATE INDEX vigil_api_token_user ON vigil_api_token (user_id);
