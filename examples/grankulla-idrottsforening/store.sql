-- Demo member store of Grankulla Idrottsförening rf / Kauniaisten Urheiluseura ry, a fictional
-- sports club. Fictional people only: the emails are under the reserved example.com/example.fi.
-- The club's membership system writes its own values (membership types, relations, fee kinds)
-- in Swedish, the club's main language.
-- Portable SQL: load it into SQLite as medlemmar.sqlite beside register.toml.
--
-- Worth noticing: Elsa Holmström is a member and also the guardian of her daughter Wilma, so
-- `--email elsa.holmstrom@example.com` finds her in both groups; Maria Nyberg is the guardian
-- of two children (two rows in guardians); Matti Laine left the club at the end of 2025.
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date DATE NOT NULL,
    municipality TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    street TEXT,
    postal_code TEXT,
    city TEXT,
    membership_type TEXT NOT NULL,
    joined_on DATE NOT NULL,
    left_on DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One row per guardian and child: a guardian of two children has two rows.
CREATE TABLE guardians (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    relation TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    newsletter_given_at TIMESTAMP,
    newsletter_withdrawn_at TIMESTAMP
);
CREATE INDEX guardians_member ON guardians (member_id);

CREATE TABLE positions_of_trust (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    position TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE
);
CREATE INDEX positions_of_trust_member ON positions_of_trust (member_id);

CREATE TABLE fee_invoices (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    invoice_number TEXT NOT NULL,
    fee_year INTEGER NOT NULL,
    fee_kind TEXT NOT NULL,
    amount NUMERIC(10, 2) NOT NULL,
    due_date DATE NOT NULL,
    reminded_on DATE,
    paid_on DATE
);
CREATE INDEX fee_invoices_member ON fee_invoices (member_id);

CREATE TABLE training_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sport TEXT NOT NULL
);

CREATE TABLE group_memberships (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    group_id INTEGER NOT NULL REFERENCES training_groups (id),
    starts_on DATE NOT NULL,
    ends_on DATE
);
CREATE INDEX group_memberships_member ON group_memberships (member_id);
CREATE INDEX group_memberships_group ON group_memberships (group_id);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    group_id INTEGER NOT NULL REFERENCES training_groups (id),
    session_date DATE NOT NULL,
    present BOOLEAN NOT NULL
);
CREATE INDEX attendance_member ON attendance (member_id);
CREATE INDEX attendance_group ON attendance (group_id);

CREATE TABLE competition_entries (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    competition TEXT NOT NULL,
    held_on DATE NOT NULL,
    event TEXT NOT NULL,
    organiser TEXT NOT NULL,
    result TEXT
);
CREATE INDEX competition_entries_member ON competition_entries (member_id);

CREATE TABLE licences (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    federation TEXT NOT NULL,
    licence_number TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL
);
CREATE INDEX licences_member ON licences (member_id);

CREATE TABLE newsletter_consents (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    given_at TIMESTAMP NOT NULL,
    given_by TEXT NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT
);
CREATE INDEX newsletter_consents_member ON newsletter_consents (member_id);

CREATE TABLE photo_consents (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    given_at TIMESTAMP NOT NULL,
    given_by TEXT NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT
);
CREATE INDEX photo_consents_member ON photo_consents (member_id);

INSERT INTO schema_migrations (version, applied_at) VALUES (1, '2019-01-15 10:00:00'), (2, '2024-08-20 19:30:00');

INSERT INTO members (id, first_name, last_name, birth_date, municipality, email, phone, street, postal_code, city, membership_type, joined_on, left_on, created_at, updated_at) VALUES
    (1, 'Elsa', 'Holmström', '1986-04-17', 'Grankulla', 'elsa.holmstrom@example.com', '040 731 2266', 'Bäckvägen 7', '02700', 'Grankulla', 'ordinarie medlem', '2012-03-01', NULL, '2019-01-15 10:00:00', '2025-08-30 18:20:00'),
    (2, 'Wilma', 'Holmström', '2016-09-03', 'Grankulla', NULL, NULL, 'Bäckvägen 7', '02700', 'Grankulla', 'juniormedlem', '2022-08-15', NULL, '2022-08-15 17:05:00', '2024-08-20 19:40:00'),
    (3, 'Mikael', 'Lindroos', '1979-11-22', 'Esbo', 'mikael.lindroos@example.fi', '050 412 8830', 'Kungsgårdsvägen 12 B 4', '02230', 'Esbo', 'ordinarie medlem', '2015-01-20', NULL, '2019-01-15 10:00:00', '2023-02-02 09:12:00'),
    (4, 'Aino', 'Korhonen', '1992-06-08', 'Kauniainen', 'aino.korhonen@example.fi', '044 590 1177', 'Kavallintie 3 A 6', '02700', 'Kauniainen', 'ordinarie medlem', '2020-05-04', NULL, '2020-05-04 20:14:00', '2020-05-04 20:14:00'),
    (5, 'Oskar', 'Nyberg', '2010-02-14', 'Grankulla', 'oskar.nyberg@example.com', '045 612 0384', 'Granvägen 21', '02700', 'Grankulla', 'juniormedlem', '2018-09-01', NULL, '2019-01-15 10:00:00', '2025-01-10 16:45:00'),
    (6, 'Ella', 'Nyberg', '2014-07-30', 'Grankulla', NULL, NULL, 'Granvägen 21', '02700', 'Grankulla', 'juniormedlem', '2021-08-16', NULL, '2021-08-16 18:30:00', '2021-08-16 18:30:00'),
    (7, 'Leo', 'Virtanen', '2013-03-11', 'Espoo', NULL, NULL, 'Kilonkallio 9', '02610', 'Espoo', 'juniormedlem', '2020-08-17', NULL, '2020-08-17 17:50:00', '2023-08-14 10:02:00'),
    (8, 'Henrik', 'Ekström', '1958-01-05', 'Grankulla', 'henrik.ekstrom@example.com', '09 505 2211', 'Thorsviksvägen 4', '02700', 'Grankulla', 'stödmedlem', '1994-02-10', NULL, '2019-01-15 10:00:00', '2019-01-15 10:00:00'),
    (9, 'Johanna', 'Sjöberg', '1988-12-19', 'Grankulla', 'johanna.sjoberg@example.com', '040 218 6645', 'Stationsvägen 18 C 12', '02700', 'Grankulla', 'ordinarie medlem', '2017-04-03', NULL, '2019-01-15 10:00:00', '2024-03-01 12:00:00'),
    (10, 'Matti', 'Laine', '1975-09-27', 'Espoo', 'matti.laine@example.fi', '050 377 9012', 'Karakalliontie 15', '02740', 'Espoo', 'ordinarie medlem', '2016-02-01', '2025-12-31', '2019-01-15 10:00:00', '2025-11-20 08:31:00'),
    (11, 'Sofia', 'Blomqvist', '1999-05-02', 'Helsingfors', 'sofia.blomqvist@example.com', '041 733 5020', 'Tölögatan 40 A 8', '00260', 'Helsingfors', 'ordinarie medlem', '2021-01-12', NULL, '2021-01-12 19:20:00', '2022-06-30 11:11:00'),
    (12, 'Karin', 'Wikström', '1968-10-14', 'Grankulla', 'karin.wikstrom@example.com', '040 955 3318', 'Ekbacksvägen 2', '02700', 'Grankulla', 'ordinarie medlem', '2009-09-09', NULL, '2019-01-15 10:00:00', '2024-04-15 21:05:00');

INSERT INTO guardians (id, member_id, first_name, last_name, relation, email, phone, newsletter_given_at, newsletter_withdrawn_at) VALUES
    (1, 2, 'Elsa', 'Holmström', 'mor', 'elsa.holmstrom@example.com', '040 731 2266', '2022-08-15 17:05:00', NULL),
    (2, 2, 'Johan', 'Holmström', 'far', 'johan.holmstrom@example.com', '040 731 9904', NULL, NULL),
    (3, 5, 'Maria', 'Nyberg', 'mor', 'maria.nyberg@example.com', '045 612 7710', '2018-09-01 19:00:00', '2024-02-12 08:15:00'),
    (4, 6, 'Maria', 'Nyberg', 'mor', 'maria.nyberg@example.com', '045 612 7710', '2021-08-16 18:30:00', '2024-02-12 08:15:00'),
    (5, 7, 'Sari', 'Virtanen', 'mor', 'sari.virtanen@example.fi', '044 302 6618', '2020-08-17 17:50:00', NULL),
    (6, 7, 'Petri', 'Virtanen', 'far', 'petri.virtanen@example.fi', '050 581 2247', NULL, NULL);

INSERT INTO positions_of_trust (id, member_id, position, starts_on, ends_on) VALUES
    (1, 1, 'styrelsemedlem', '2023-03-20', NULL),
    (2, 1, 'ansvarig ledare för juniorfriidrotten', '2024-01-01', NULL),
    (3, 3, 'verksamhetsgranskare', '2019-03-18', '2023-03-20'),
    (4, 9, 'ordförande', '2022-03-21', NULL),
    (5, 12, 'kassör', '2014-03-17', NULL),
    (6, 12, 'medlemssekreterare', '2014-03-17', '2021-03-15');

INSERT INTO fee_invoices (id, member_id, invoice_number, fee_year, fee_kind, amount, due_date, reminded_on, paid_on) VALUES
    (1, 1, '2024-0101', 2024, 'medlemsavgift', 35.00, '2024-02-29', NULL, '2024-02-20'),
    (2, 1, '2024-0102', 2024, 'träningsavgift', 120.00, '2024-02-29', NULL, '2024-02-20'),
    (3, 1, '2025-0101', 2025, 'medlemsavgift', 35.00, '2025-02-28', '2025-03-14', '2025-03-18'),
    (4, 1, '2025-0102', 2025, 'träningsavgift', 120.00, '2025-02-28', '2025-03-14', '2025-03-18'),
    (5, 1, '2026-0101', 2026, 'medlemsavgift', 40.00, '2026-02-28', NULL, '2026-02-16'),
    (6, 1, '2026-0102', 2026, 'träningsavgift', 130.00, '2026-02-28', NULL, '2026-02-16'),
    (7, 2, '2025-0103', 2025, 'medlemsavgift', 15.00, '2025-02-28', NULL, '2025-02-11'),
    (8, 2, '2025-0104', 2025, 'träningsavgift', 85.00, '2025-02-28', NULL, '2025-02-11'),
    (9, 2, '2026-0103', 2026, 'medlemsavgift', 15.00, '2026-02-28', NULL, '2026-02-16'),
    (10, 2, '2026-0104', 2026, 'träningsavgift', 90.00, '2026-02-28', NULL, '2026-02-16'),
    (11, 3, '2026-0105', 2026, 'medlemsavgift', 40.00, '2026-02-28', NULL, '2026-01-30'),
    (12, 4, '2026-0106', 2026, 'medlemsavgift', 40.00, '2026-02-28', NULL, '2026-02-27'),
    (13, 4, '2026-0107', 2026, 'träningsavgift', 130.00, '2026-02-28', '2026-03-16', NULL),
    (14, 5, '2026-0108', 2026, 'medlemsavgift', 15.00, '2026-02-28', NULL, '2026-02-05'),
    (15, 5, '2026-0109', 2026, 'träningsavgift', 110.00, '2026-02-28', NULL, '2026-02-05'),
    (16, 6, '2026-0110', 2026, 'medlemsavgift', 15.00, '2026-02-28', NULL, '2026-02-05'),
    (17, 7, '2026-0111', 2026, 'medlemsavgift', 15.00, '2026-02-28', NULL, '2026-02-22'),
    (18, 7, '2026-0112', 2026, 'träningsavgift', 90.00, '2026-02-28', NULL, '2026-02-22'),
    (19, 8, '2026-0113', 2026, 'medlemsavgift', 25.00, '2026-02-28', NULL, '2026-01-12'),
    (20, 9, '2026-0114', 2026, 'medlemsavgift', 40.00, '2026-02-28', NULL, '2026-02-02'),
    (21, 10, '2025-0115', 2025, 'medlemsavgift', 35.00, '2025-02-28', NULL, '2025-02-25'),
    (22, 11, '2026-0116', 2026, 'medlemsavgift', 40.00, '2026-02-28', NULL, '2026-02-10'),
    (23, 11, '2026-0117', 2026, 'träningsavgift', 130.00, '2026-02-28', NULL, '2026-02-10'),
    (24, 12, '2026-0118', 2026, 'medlemsavgift', 40.00, '2026-02-28', NULL, '2026-01-20');

INSERT INTO training_groups (id, name, sport) VALUES
    (1, 'Vuxna motionslöpare', 'friidrott'),
    (2, 'Friidrottsskolan 8–10 år', 'friidrott'),
    (3, 'Juniorer P14–16', 'fotboll'),
    (4, 'Flickor F10–12', 'fotboll'),
    (5, 'Längdskidåkning vuxna', 'skidåkning'),
    (6, 'Innebandy motion', 'innebandy');

INSERT INTO group_memberships (id, member_id, group_id, starts_on, ends_on) VALUES
    (1, 1, 1, '2018-01-08', NULL),
    (2, 1, 5, '2022-11-28', '2024-03-31'),
    (3, 2, 2, '2024-08-19', NULL),
    (4, 3, 6, '2015-01-20', NULL),
    (5, 4, 1, '2020-05-04', NULL),
    (6, 5, 3, '2024-01-08', NULL),
    (7, 6, 4, '2024-08-19', NULL),
    (8, 7, 3, '2023-08-14', NULL),
    (9, 9, 5, '2017-11-20', NULL),
    (10, 10, 6, '2016-02-01', '2025-12-31'),
    (11, 11, 1, '2021-01-12', NULL);

INSERT INTO attendance (id, member_id, group_id, session_date, present) VALUES
    (1, 1, 1, '2026-09-01', TRUE),
    (2, 1, 1, '2026-09-08', TRUE),
    (3, 1, 1, '2026-09-15', FALSE),
    (4, 1, 1, '2026-09-22', TRUE),
    (5, 2, 2, '2026-09-02', TRUE),
    (6, 2, 2, '2026-09-09', TRUE),
    (7, 4, 1, '2026-09-01', TRUE),
    (8, 4, 1, '2026-09-08', FALSE),
    (9, 5, 3, '2026-09-03', TRUE),
    (10, 6, 4, '2026-09-03', TRUE),
    (11, 7, 3, '2026-09-03', FALSE),
    (12, 11, 1, '2026-09-15', TRUE);

INSERT INTO competition_entries (id, member_id, competition, held_on, event, organiser, result) VALUES
    (1, 1, 'Esbomilen', '2025-09-07', '10 km, damer 35', 'Esbo Löparklubb rf', '46.52'),
    (2, 1, 'Helsingfors halvmaraton', '2026-06-13', 'halvmaraton, damer', 'Löparföreningen Helsingfors rf', '1.44.10'),
    (3, 2, 'Barnens friidrottsdag', '2026-05-24', '60 m, flickor 10', 'Esbo IF rf', '10,4'),
    (4, 5, 'Distriktsserien P16', '2026-05-09', 'fotboll, P16', 'Bollförbundet, distrikt Södra Finland', NULL),
    (5, 11, 'Grankullaloppet', '2025-05-18', '5 km, damer', 'Grankulla Idrottsförening rf', '22.40');

INSERT INTO licences (id, member_id, federation, licence_number, valid_from, valid_until) VALUES
    (1, 1, 'Finlands Friidrottsförbund', 'FRI-2026-044817', '2026-01-01', '2026-12-31'),
    (2, 2, 'Finlands Friidrottsförbund', 'FRI-2026-051203', '2026-01-01', '2026-12-31'),
    (3, 5, 'Finlands Bollförbund', 'BOLL-2026-338120', '2026-01-01', '2026-12-31'),
    (4, 7, 'Finlands Bollförbund', 'BOLL-2026-338455', '2026-01-01', '2026-12-31'),
    (5, 6, 'Finlands Bollförbund', 'BOLL-2026-339010', '2026-01-01', '2026-12-31');

INSERT INTO newsletter_consents (id, member_id, given_at, given_by, withdrawn_at, withdrawn_by) VALUES
    (1, 1, '2019-02-03 20:11:00', 'medlemmen', '2023-01-09 07:45:00', 'medlemmen'),
    (2, 1, '2024-09-02 18:02:00', 'medlemmen', NULL, NULL),
    (3, 3, '2019-01-15 10:00:00', 'medlemmen', NULL, NULL),
    (4, 4, '2020-05-04 20:14:00', 'medlemmen', '2022-10-01 12:30:00', 'medlemmen'),
    (5, 5, '2025-02-14 16:00:00', 'medlemmen', NULL, NULL),
    (6, 8, '2019-01-15 10:00:00', 'medlemmen', NULL, NULL),
    (7, 9, '2019-01-15 10:00:00', 'medlemmen', NULL, NULL),
    (8, 12, '2019-01-15 10:00:00', 'medlemmen', NULL, NULL);

INSERT INTO photo_consents (id, member_id, given_at, given_by, withdrawn_at, withdrawn_by) VALUES
    (1, 1, '2021-05-20 19:30:00', 'medlemmen', '2025-08-30 18:20:00', 'medlemmen'),
    (2, 2, '2022-08-15 17:05:00', 'vårdnadshavaren', NULL, NULL),
    (3, 5, '2018-09-01 19:00:00', 'vårdnadshavaren', '2025-02-14 16:00:00', 'medlemmen'),
    (4, 6, '2021-08-16 18:30:00', 'vårdnadshavaren', NULL, NULL),
    (5, 9, '2019-06-12 21:00:00', 'medlemmen', NULL, NULL),
    (6, 11, '2021-01-12 19:20:00', 'medlemmen', NULL, NULL);
