-- The language a user chose in the header switch (remembered across browsers), and whether an
-- administrator has disabled the account (kept, with its audit trail, but unable to sign in).
ALTER TABLE vigil_user ADD COLUMN language TEXT CHECK (language IN ('vi', 'en'));
ALTER TABLE vigil_user ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT false;
