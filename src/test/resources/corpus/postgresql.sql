-- The PostgreSQL fidelity corpus: what real databases hold, loaded by psql (ON_ERROR_STOP) into a fresh
-- database under a hostile name. Roles corpus_owner and corpus_reader exist on the server (the instance
-- archive carries them). Every object here is compared, object by object and row by row, after an
-- archive and a restore (FidelityCorpusTest, DatabaseComparison).
SET client_min_messages = warning;

CREATE EXTENSION citext;
CREATE EXTENSION pgcrypto;

CREATE SCHEMA "Sales & Ops" AUTHORIZATION corpus_owner;
CREATE SCHEMA "we""ird;schema";
COMMENT ON SCHEMA "Sales & Ops" IS 'schema with a space, an ampersand and an owner';

CREATE TYPE "Sales & Ops".order_state AS ENUM ('new', 'paid', 'shipped', 'it''s back');
ALTER TYPE "Sales & Ops".order_state ADD VALUE 'cancelled' BEFORE 'shipped';
CREATE DOMAIN "Sales & Ops".positive_money AS numeric(14, 2) CHECK (VALUE > 0) NOT NULL;
CREATE TYPE "we""ird;schema".pair AS (label text, weight double precision);

CREATE SEQUENCE "Sales & Ops".invoice_no START 1000 INCREMENT 7 CACHE 1;
SELECT setval('"Sales & Ops".invoice_no', 4242, true);
CREATE SEQUENCE "we""ird;schema".never_called START 5;

CREATE TABLE "Sales & Ops".customers (
    id bigint GENERATED ALWAYS AS IDENTITY (START 10) PRIMARY KEY,
    email citext UNIQUE NOT NULL,
    name text NOT NULL COLLATE "C",
    tags text[] NOT NULL DEFAULT '{}',
    scores integer[][],
    profile jsonb,
    photo bytea,
    balance numeric,
    ratio real,
    precise double precision,
    born date,
    wakes time,
    local_seen timestamp,
    seen timestamptz,
    waits interval,
    addr inet,
    favourite "we""ird;schema".pair,
    name_upper text GENERATED ALWAYS AS (upper(name)) STORED
);
COMMENT ON TABLE "Sales & Ops".customers IS 'customers: every kind of value';
COMMENT ON COLUMN "Sales & Ops".customers.balance IS 'numeric without a typmod: full precision';
CREATE INDEX customers_profile ON "Sales & Ops".customers USING gin (profile jsonb_path_ops);
CREATE INDEX customers_lower_name ON "Sales & Ops".customers (lower(name)) WHERE born IS NOT NULL;
ALTER TABLE "Sales & Ops".customers OWNER TO corpus_owner;

INSERT INTO "Sales & Ops".customers (email, name, tags, scores, profile, photo, balance, ratio, precise, born,
    wakes, local_seen, seen, waits, addr, favourite) VALUES
    ('Zoë@Example.com', 'Zoë ''quoted'' "double" \back', '{a,"b c","d,e",NULL}', '{{1,2},{3,4}}',
     '{"k": [1, 2.50, "x\u00e9"], "nested": {"null": null, "big": 12345678901234567890}}',
     '\x00ff10deadbeef00'::bytea, 1234567890.123456789012345678901234567890123456789, 3.4028235e38,
     2.2250738585072014e-308, '0044-03-15 BC', '23:59:59.999999', '2024-02-29 12:34:56.789012',
     '2024-03-31 01:30:00+01', '1 year 2 mons -3 days 04:05:06.789', '2001:db8::1/64', ROW('π', -0.5)),
    ('emoji@example.com', E'tab\there\nnewline 😀 𝄞 中文', '{}', NULL, '[]', '', 'NaN', 'Infinity', '-Infinity',
     'infinity', '00:00', '-infinity', 'infinity', '0', NULL, NULL),
    ('nulls@example.com', 'nulls', '{}', NULL, NULL, NULL, -0.000000000000000000000000000001, -0, 0, NULL, NULL,
     NULL, '1970-01-01 00:00:00+00', NULL, '10.0.0.1', NULL);

CREATE TABLE "Sales & Ops".orders (
    id bigint NOT NULL,
    customer_id bigint NOT NULL REFERENCES "Sales & Ops".customers (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    placed_at timestamptz NOT NULL,
    state "Sales & Ops".order_state NOT NULL DEFAULT 'new',
    amount "Sales & Ops".positive_money,
    invoice integer DEFAULT nextval('"Sales & Ops".invoice_no'),
    PRIMARY KEY (id, placed_at),
    CONSTRAINT recent CHECK (placed_at > '2000-01-01')
) PARTITION BY RANGE (placed_at);
CREATE TABLE "Sales & Ops".orders_2024 PARTITION OF "Sales & Ops".orders
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE "Sales & Ops".orders_2025 PARTITION OF "Sales & Ops".orders
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE "Sales & Ops".orders_other PARTITION OF "Sales & Ops".orders DEFAULT;
INSERT INTO "Sales & Ops".orders (id, customer_id, placed_at, state, amount)
    SELECT g, 10 + g % 3, timestamptz '2024-06-01 00:00:00+00' + g * interval '5 days',
           (enum_range(NULL::"Sales & Ops".order_state))[1 + g % 5], round(g * 3.17, 2)
    FROM generate_series(1, 200) g;

CREATE MATERIALIZED VIEW "Sales & Ops".revenue_by_state AS
    SELECT state, count(*) AS orders, sum(amount) AS revenue FROM "Sales & Ops".orders GROUP BY state;
CREATE UNIQUE INDEX revenue_by_state_key ON "Sales & Ops".revenue_by_state (state);
CREATE VIEW "we""ird;schema"."recent orders" WITH (security_barrier) AS
    SELECT o.id, c.email, o.amount FROM "Sales & Ops".orders o JOIN "Sales & Ops".customers c ON c.id = o.customer_id
    WHERE o.placed_at > '2025-01-01';
COMMENT ON VIEW "we""ird;schema"."recent orders" IS 'a view over two schemas';

-- row-level security
CREATE TABLE public.notes (id serial PRIMARY KEY, owner_name name NOT NULL DEFAULT current_user, body text);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.notes FORCE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON public.notes FOR ALL TO corpus_reader USING (owner_name = current_user)
    WITH CHECK (owner_name = current_user);
CREATE POLICY read_all ON public.notes AS RESTRICTIVE FOR SELECT USING (true);
GRANT SELECT, INSERT ON public.notes TO corpus_reader;
GRANT USAGE ON SCHEMA "Sales & Ops" TO corpus_reader;
GRANT SELECT (id, email) ON "Sales & Ops".customers TO corpus_reader;
INSERT INTO public.notes (owner_name, body) VALUES ('corpus_reader', 'mine'), ('someone', 'theirs');

-- functions and triggers
CREATE FUNCTION "Sales & Ops".stamp() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    NEW.local_seen := coalesce(NEW.local_seen, '2000-01-01');
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION "Sales & Ops".stamp() IS 'fills local_seen';
CREATE TRIGGER customers_stamp BEFORE INSERT OR UPDATE OF name ON "Sales & Ops".customers
    FOR EACH ROW WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION "Sales & Ops".stamp();
CREATE FUNCTION public.total(state "Sales & Ops".order_state DEFAULT 'paid', OUT n bigint, OUT s numeric)
    LANGUAGE sql STABLE PARALLEL SAFE AS 'SELECT count(*), sum(amount) FROM "Sales & Ops".orders WHERE orders.state = total.state';
CREATE PROCEDURE public.touch(IN who text) LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;
CREATE AGGREGATE public.concat_all(text) (SFUNC = textcat, STYPE = text, INITCOND = '');
CREATE FUNCTION "we""ird;schema".notify_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER notes_after AFTER INSERT ON public.notes DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION "we""ird;schema".notify_note();
REVOKE EXECUTE ON FUNCTION public.total FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.total TO corpus_reader;

-- an unlogged table, an empty table, an identity sequence moved on
CREATE UNLOGGED TABLE public.scratch (k text PRIMARY KEY, v bytea);
INSERT INTO public.scratch VALUES ('k', gen_random_bytes(32));
CREATE TABLE "we""ird;schema"."Empty ""table""" (id int PRIMARY KEY, note text);
ALTER TABLE "Sales & Ops".customers ALTER COLUMN id RESTART WITH 500;

-- large objects: a known OID with a comment, and one of every byte value
SELECT lo_from_bytea(424242, convert_to('large object ✓', 'UTF8'));
SELECT lo_from_bytea(424243, (SELECT string_agg(set_byte('\x00'::bytea, 0, b), ''::bytea) FROM generate_series(0, 255) b));
COMMENT ON LARGE OBJECT 424242 IS 'a large object';
ALTER LARGE OBJECT 424243 OWNER TO corpus_owner;

-- default privileges
ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales & Ops" GRANT SELECT ON TABLES TO corpus_reader;
