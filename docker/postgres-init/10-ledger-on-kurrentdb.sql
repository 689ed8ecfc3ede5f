-- The read models of the `ledger-on-kurrentdb` service (docker compose --profile kurrentdb): its
-- events are in KurrentDB, its read models in this database of their own, apart from `ledger`'s.
CREATE DATABASE ledger_kurrentdb OWNER ledger;
