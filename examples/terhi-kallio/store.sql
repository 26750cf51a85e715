-- Demo customer store of Tmi Terhi Kallio's practice (psychotherapy and wellness services).
-- Fictional people: the identity codes use the individual numbers 900-999, which are never
-- given to real persons, and the emails are under the reserved example.com/example.net.
-- Portable SQL: `make demo-store` loads it into SQLite (asiakkaat.sqlite), and the tests load
-- it into PostgreSQL too, so one mapping in register.toml serves both.
--
-- Worth noticing: Aino and Mikko Virtanen share a surname but are not related; Liisa Mäkinen
-- and her son Jussi share a landline, so `--phone "019 456 7788"` finds two clients; Sanna
-- Nieminen's email is stored with capitals and a trailing space.

CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
);

CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    hetu TEXT,
    birth_date DATE,
    email TEXT,
    phone TEXT,
    street TEXT,
    postal_code TEXT,
    city TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE next_of_kin (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    name TEXT NOT NULL,
    relation TEXT,
    phone TEXT
);
CREATE INDEX next_of_kin_client ON next_of_kin (client_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    contacted_at TIMESTAMP NOT NULL,
    channel TEXT NOT NULL,
    summary TEXT
);
CREATE INDEX contacts_client ON contacts (client_id);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    ordered_at DATE NOT NULL,
    product TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    price NUMERIC(10, 2) NOT NULL
);
CREATE INDEX orders_client ON orders (client_id);

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    starts_at TIMESTAMP NOT NULL,
    minutes INTEGER NOT NULL,
    service TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX appointments_client ON appointments (client_id);

CREATE TABLE therapy_notes (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    written_at TIMESTAMP NOT NULL,
    author TEXT NOT NULL,
    entry TEXT NOT NULL
);
CREATE INDEX therapy_notes_client ON therapy_notes (client_id);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    number TEXT NOT NULL,
    invoice_date DATE NOT NULL,
    due_date DATE NOT NULL,
    amount NUMERIC(10, 2) NOT NULL,
    paid_at DATE
);
CREATE INDEX invoices_client ON invoices (client_id);

CREATE TABLE collection_cases (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    opened_at DATE NOT NULL,
    agency TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX collection_cases_invoice ON collection_cases (invoice_id);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    given_at DATE NOT NULL,
    rating INTEGER,
    comment TEXT,
    may_publish BOOLEAN NOT NULL
);
CREATE INDEX feedback_client ON feedback (client_id);

CREATE TABLE marketing_events (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    recorded_at TIMESTAMP NOT NULL,
    channel TEXT NOT NULL,
    choice TEXT NOT NULL
);
CREATE INDEX marketing_events_client ON marketing_events (client_id);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    kind TEXT NOT NULL,
    written_at DATE NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX notes_client ON notes (client_id);
INSERT INTO schema_migrations (version, applied_at) VALUES (1, '2018-05-24 09:00:00'), (2, '2023-12-30 18:12:00');

INSERT INTO clients (id, first_name, last_name, hetu, birth_date, email, phone, street, postal_code, city, created_at, updated_at) VALUES
    (1, 'Aino', 'Virtanen', '120384-9073', '1984-03-12', 'aino.virtanen@example.com', '045 127 3344', 'Hämeenkatu 5 B 12', '05800', 'Hyvinkää', '2021-01-10 12:06:00', '2021-11-02 12:06:00'),
    (2, 'Mikko', 'Virtanen', '021179-9141', '1979-11-02', 'mikko.virtanen@example.net', '+358 40 552 1198', 'Kauppakatu 21', '05900', 'Hyvinkää', '2020-02-05 12:25:00', '2020-09-01 12:25:00'),
    (3, 'Liisa', 'Mäkinen', '300656-921B', '1956-06-30', 'liisa.makinen@example.com', '019 456 7788', 'Koivukuja 3', '05830', 'Hyvinkää', '2022-08-21 13:31:00', '2023-05-20 13:31:00'),
    (4, 'Jussi', 'Mäkinen', '190188-928P', '1988-01-19', NULL, '019 456 7788', 'Koivukuja 3', '05830', 'Hyvinkää', '2019-10-08 17:30:00', '2020-04-06 17:30:00'),
    (5, 'Sanna', 'Nieminen', '080991-9352', '1991-09-08', 'Sanna.Nieminen@Example.com ', '050 311 2244', 'Uudenmaankatu 14 A 3', '05800', 'Hyvinkää', '2020-09-21 17:59:00', '2021-01-10 17:59:00'),
    (6, 'Pekka', 'Heikkinen', '250469-942J', '1969-04-25', 'pekka.heikkinen@example.net', '044 902 1133', 'Torikatu 9', '05900', 'Hyvinkää', '2020-02-16 18:16:00', '2020-08-03 18:16:00'),
    (7, 'Riitta', 'Koskinen', '011262-949X', '1962-12-01', 'riitta.koskinen@example.com', '+358451189922', 'Peltotie 7', '05400', 'Jokela', '2021-04-21 10:16:00', '2021-08-04 10:16:00'),
    (8, 'Timo', 'Järvinen', '140775-956V', '1975-07-14', 'timo.jarvinen@example.com', '040-771 2290', 'Rantakatu 2 C 8', '04400', 'Järvenpää', '2022-04-04 16:59:00', '2022-06-18 16:59:00'),
    (9, 'Outi', 'Lehtonen', '270298-963C', '1998-02-27', 'outi.lehtonen@example.net', '050 662 0017', 'Sahanmäentie 11', '05820', 'Hyvinkää', '2021-05-16 12:37:00', '2021-12-12 12:37:00'),
    (10, 'Jari', 'Lehtinen', '051081-970F', '1981-10-05', 'jari.lehtinen@example.com', '045 233 4410', 'Munckinkatu 30', '05800', 'Hyvinkää', '2018-09-20 14:57:00', '2019-04-21 14:57:00'),
    (11, 'Marja', 'Salminen', '160550-977S', '1950-05-16', NULL, '019 432 1100', 'Vanha Helsingintie 48', '05830', 'Hyvinkää', '2021-01-02 11:07:00', '2021-03-14 11:07:00'),
    (12, 'Eero', 'Hämäläinen', '230893-9841', '1993-08-23', 'eero.hamalainen@example.com', '040 100 2030', 'Kirkkotie 4', '05900', 'Hyvinkää', '2022-09-02 14:34:00', '2023-03-20 14:34:00'),
    (13, 'Katja', 'Laine', '030387-991S', '1987-03-03', 'katja.laine@example.net', '050 909 8877', 'Sveitsintie 16', '05800', 'Hyvinkää', '2020-03-31 14:53:00', '2020-07-11 14:53:00'),
    (14, 'Ville', 'Heinonen', '111101A998D', '2001-11-11', 'ville.heinonen@example.com', '044 515 6060', 'Paavolantie 2', '05620', 'Hyvinkää', '2020-03-20 16:17:00', '2020-10-18 16:17:00'),
    (15, 'Tuula', 'Kinnunen', '280159-9059', '1959-01-28', 'tuula.kinnunen@example.com', '040 880 1212', 'Asemakatu 1', '05800', 'Hyvinkää', '2020-03-02 18:41:00', '2020-06-19 18:41:00'),
    (16, 'Anne', 'Rantanen', '090672-912M', '1972-06-09', 'anne.rantanen@example.net', '045 776 5432', 'Tehtaankatu 8', '05800', 'Hyvinkää', '2023-04-05 15:56:00', '2023-07-31 15:56:00'),
    (17, 'Juha', 'Ahonen', '190966-9196', '1966-09-19', 'juha.ahonen@example.com', '050 345 9876', 'Hakalantie 12', '05820', 'Hyvinkää', '2019-07-16 09:41:00', '2019-11-08 09:41:00'),
    (18, 'Päivi', 'Karjalainen', '020483-926T', '1983-04-02', 'paivi.karjalainen@example.com', '+358 44 123 9900', 'Sillankorva 6', '05460', 'Hyvinkää', '2022-08-31 09:19:00', '2023-01-10 09:19:00'),
    (19, 'Antti', 'Mattila', '241290-933F', '1990-12-24', 'antti.mattila@example.net', '040 246 8101', 'Noppokuja 1', '05900', 'Hyvinkää', '2023-02-15 17:37:00', '2023-07-28 17:37:00'),
    (20, 'Helena', 'Savolainen', '070747-940L', '1947-07-07', 'helena.savolainen@example.com', '019 481 2233', 'Hiidenkiventie 3', '05880', 'Hyvinkää', '2022-09-21 18:43:00', '2023-04-24 18:43:00');

INSERT INTO next_of_kin (id, client_id, name, relation, phone) VALUES
    (1, 1, 'Kalle Virtanen', 'puoliso', '045 127 3345'),
    (2, 3, 'Jussi Mäkinen', 'poika', '019 456 7788'),
    (3, 7, 'Mervi Koskinen', 'tytär', '050 551 2299'),
    (4, 11, 'Seppo Salminen', 'puoliso', '019 432 1100'),
    (5, 14, 'Raija Heinonen', 'äiti', '044 515 6061'),
    (6, 20, 'Kaarina Savolainen', 'tytär', '040 998 3412');

INSERT INTO contacts (id, client_id, contacted_at, channel, summary) VALUES
    (1, 1, '2023-04-25 13:39:00', 'sähköposti', 'Siirsi ajanvarausta'),
    (2, 1, '2024-04-20 14:14:00', 'sähköposti', 'Siirsi ajanvarausta'),
    (3, 1, '2024-01-13 16:25:00', 'sähköposti', 'Kysyi laskusta'),
    (4, 2, '2024-02-02 11:00:00', 'sähköposti', 'Kysyi laskusta'),
    (5, 3, '2024-04-09 15:29:00', 'sähköposti', 'Pyysi soittoa'),
    (6, 3, '2024-04-04 15:08:00', 'sähköposti', 'Siirsi ajanvarausta'),
    (7, 4, '2023-08-19 09:50:00', 'käynti', 'Kysyi vapaita aikoja'),
    (8, 5, '2023-08-25 08:00:00', 'puhelin', 'Siirsi ajanvarausta'),
    (9, 6, '2024-06-14 14:38:00', 'tekstiviesti', 'Siirsi ajanvarausta'),
    (10, 6, '2024-05-06 14:13:00', 'puhelin', 'Kysyi ryhmätapahtumasta'),
    (11, 6, '2024-01-20 09:05:00', 'sähköposti', 'Kysyi vapaita aikoja'),
    (12, 7, '2023-01-21 12:45:00', 'käynti', 'Siirsi ajanvarausta'),
    (13, 8, '2023-01-07 10:24:00', 'puhelin', 'Pyysi soittoa'),
    (14, 8, '2023-02-20 12:48:00', 'puhelin', 'Kysyi vapaita aikoja'),
    (15, 8, '2024-05-06 15:53:00', 'sähköposti', 'Kysyi ryhmätapahtumasta'),
    (16, 9, '2023-12-02 08:07:00', 'käynti', 'Pyysi soittoa'),
    (17, 9, '2023-07-27 10:10:00', 'puhelin', 'Kysyi ryhmätapahtumasta'),
    (18, 10, '2023-08-23 12:03:00', 'tekstiviesti', 'Kysyi vapaita aikoja'),
    (19, 11, '2023-06-15 15:57:00', 'sähköposti', 'Siirsi ajanvarausta'),
    (20, 12, '2023-10-04 12:28:00', 'sähköposti', 'Kysyi laskusta'),
    (21, 12, '2023-05-01 14:09:00', 'puhelin', 'Kysyi laskusta'),
    (22, 12, '2024-05-20 10:05:00', 'sähköposti', 'Siirsi ajanvarausta'),
    (23, 13, '2023-10-17 15:28:00', 'käynti', 'Kysyi ryhmätapahtumasta'),
    (24, 14, '2024-02-13 10:34:00', 'tekstiviesti', 'Kysyi laskusta'),
    (25, 14, '2023-12-01 13:49:00', 'käynti', 'Siirsi ajanvarausta'),
    (26, 15, '2023-03-21 16:48:00', 'käynti', 'Kysyi laskusta'),
    (27, 16, '2023-03-03 12:40:00', 'sähköposti', 'Kysyi laskusta'),
    (28, 17, '2023-03-23 11:49:00', 'sähköposti', 'Kysyi laskusta'),
    (29, 17, '2023-05-19 13:12:00', 'puhelin', 'Pyysi soittoa'),
    (30, 18, '2023-02-08 10:00:00', 'sähköposti', 'Kysyi ryhmätapahtumasta'),
    (31, 18, '2024-02-22 09:13:00', 'puhelin', 'Kysyi vapaita aikoja'),
    (32, 18, '2023-12-18 09:25:00', 'puhelin', 'Kysyi vapaita aikoja'),
    (33, 19, '2024-01-10 11:42:00', 'käynti', 'Kysyi vapaita aikoja'),
    (34, 20, '2023-04-20 16:31:00', 'käynti', 'Siirsi ajanvarausta'),
    (35, 20, '2023-07-11 08:37:00', 'käynti', 'Kysyi laskusta');

INSERT INTO orders (id, client_id, ordered_at, product, quantity, price) VALUES
    (1, 1, '2023-11-24', 'Rentoutusäänite', 1, 95.00),
    (2, 4, '2023-10-04', 'Kirja: Uni ja hyvinvointi', 1, 25.00),
    (3, 6, '2023-09-14', 'Kirja: Uni ja hyvinvointi', 1, 95.00),
    (4, 11, '2023-03-11', 'Kirja: Uni ja hyvinvointi', 1, 95.00),
    (5, 12, '2023-05-23', 'Kirja: Uni ja hyvinvointi', 1, 95.00),
    (6, 13, '2023-12-02', 'Kirja: Uni ja hyvinvointi', 1, 95.00),
    (7, 15, '2024-02-06', 'Kirja: Uni ja hyvinvointi', 1, 25.00),
    (8, 16, '2024-05-25', 'Lahjakortti 60 min', 1, 95.00),
    (9, 18, '2023-06-17', 'Lahjakortti 60 min', 1, 60.00);

INSERT INTO appointments (id, client_id, starts_at, minutes, service, status) VALUES
    (1, 1, '2024-01-12 14:00:00', 90, 'Rentoutusryhmä', 'toteutunut'),
    (2, 1, '2023-07-24 11:00:00', 45, 'Psykoterapia 45 min', 'toteutunut'),
    (3, 1, '2023-05-12 11:00:00', 45, 'Rentoutusryhmä', 'peruttu'),
    (4, 1, '2023-09-30 14:00:00', 45, 'Hyvinvointivalmennus', 'toteutunut'),
    (5, 2, '2023-03-19 15:00:00', 90, 'Psykoterapia 45 min', 'toteutunut'),
    (6, 2, '2023-06-02 12:00:00', 45, 'Psykoterapia 60 min', 'peruttu'),
    (7, 2, '2023-05-01 11:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (8, 3, '2023-12-17 15:00:00', 45, 'Hyvinvointivalmennus', 'toteutunut'),
    (9, 3, '2024-05-12 09:00:00', 90, 'Psykoterapia 45 min', 'peruttu'),
    (10, 4, '2023-07-30 09:00:00', 60, 'Hyvinvointivalmennus', 'toteutunut'),
    (11, 4, '2024-06-21 11:00:00', 60, 'Rentoutusryhmä', 'toteutunut'),
    (12, 5, '2024-08-02 15:00:00', 45, 'Psykoterapia 60 min', 'toteutunut'),
    (13, 5, '2024-08-19 13:00:00', 60, 'Hyvinvointivalmennus', 'toteutunut'),
    (14, 5, '2024-05-06 10:00:00', 60, 'Hyvinvointivalmennus', 'toteutunut'),
    (15, 5, '2024-06-28 12:00:00', 60, 'Psykoterapia 60 min', 'toteutunut'),
    (16, 6, '2023-12-29 12:00:00', 45, 'Hyvinvointivalmennus', 'toteutunut'),
    (17, 6, '2023-03-06 13:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (18, 6, '2024-04-20 11:00:00', 60, 'Hyvinvointivalmennus', 'toteutunut'),
    (19, 6, '2023-04-12 16:00:00', 90, 'Hyvinvointivalmennus', 'peruttu'),
    (20, 7, '2023-11-01 11:00:00', 60, 'Psykoterapia 60 min', 'toteutunut'),
    (21, 7, '2024-08-15 11:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (22, 7, '2023-06-09 11:00:00', 45, 'Hyvinvointivalmennus', 'toteutunut'),
    (23, 7, '2023-02-26 10:00:00', 90, 'Rentoutusryhmä', 'toteutunut'),
    (24, 7, '2023-03-07 16:00:00', 90, 'Hyvinvointivalmennus', 'toteutunut'),
    (25, 8, '2023-09-27 14:00:00', 90, 'Hyvinvointivalmennus', 'toteutunut'),
    (26, 8, '2024-06-14 13:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (27, 8, '2024-08-06 16:00:00', 60, 'Hyvinvointivalmennus', 'toteutunut'),
    (28, 8, '2023-10-15 14:00:00', 90, 'Hyvinvointivalmennus', 'peruttu'),
    (29, 8, '2024-01-21 14:00:00', 60, 'Psykoterapia 45 min', 'toteutunut'),
    (30, 9, '2024-06-22 15:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (31, 9, '2023-03-18 16:00:00', 90, 'Psykoterapia 45 min', 'toteutunut'),
    (32, 9, '2023-11-02 10:00:00', 90, 'Hyvinvointivalmennus', 'toteutunut'),
    (33, 9, '2023-04-13 14:00:00', 60, 'Rentoutusryhmä', 'toteutunut'),
    (34, 10, '2023-03-15 13:00:00', 60, 'Psykoterapia 45 min', 'toteutunut'),
    (35, 10, '2024-07-21 14:00:00', 45, 'Hyvinvointivalmennus', 'toteutunut'),
    (36, 11, '2024-05-28 15:00:00', 90, 'Psykoterapia 45 min', 'toteutunut'),
    (37, 11, '2024-04-03 15:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (38, 12, '2023-06-24 16:00:00', 90, 'Rentoutusryhmä', 'peruttu'),
    (39, 12, '2024-05-22 15:00:00', 60, 'Hyvinvointivalmennus', 'toteutunut'),
    (40, 12, '2024-09-10 14:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (41, 12, '2023-07-28 12:00:00', 60, 'Psykoterapia 45 min', 'toteutunut'),
    (42, 12, '2024-07-06 16:00:00', 60, 'Psykoterapia 45 min', 'toteutunut'),
    (43, 13, '2023-06-30 16:00:00', 60, 'Hyvinvointivalmennus', 'toteutunut'),
    (44, 14, '2023-10-05 15:00:00', 90, 'Psykoterapia 45 min', 'toteutunut'),
    (45, 14, '2023-03-12 15:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (46, 14, '2023-03-19 10:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (47, 14, '2023-04-24 11:00:00', 45, 'Hyvinvointivalmennus', 'toteutunut'),
    (48, 15, '2024-03-23 12:00:00', 45, 'Psykoterapia 45 min', 'toteutunut'),
    (49, 15, '2023-11-22 10:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (50, 15, '2024-02-08 12:00:00', 60, 'Psykoterapia 60 min', 'toteutunut'),
    (51, 16, '2023-09-11 09:00:00', 45, 'Psykoterapia 60 min', 'toteutunut'),
    (52, 16, '2024-06-19 13:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (53, 16, '2024-07-20 14:00:00', 45, 'Rentoutusryhmä', 'peruttu'),
    (54, 16, '2024-03-27 14:00:00', 45, 'Psykoterapia 45 min', 'toteutunut'),
    (55, 17, '2024-04-21 15:00:00', 45, 'Psykoterapia 45 min', 'toteutunut'),
    (56, 17, '2023-11-13 09:00:00', 45, 'Psykoterapia 60 min', 'toteutunut'),
    (57, 17, '2024-07-16 12:00:00', 90, 'Rentoutusryhmä', 'toteutunut'),
    (58, 18, '2023-10-20 10:00:00', 90, 'Rentoutusryhmä', 'toteutunut'),
    (59, 18, '2024-07-01 09:00:00', 60, 'Rentoutusryhmä', 'toteutunut'),
    (60, 18, '2023-05-24 15:00:00', 45, 'Psykoterapia 60 min', 'toteutunut'),
    (61, 18, '2024-02-25 11:00:00', 90, 'Psykoterapia 60 min', 'toteutunut'),
    (62, 19, '2023-12-04 12:00:00', 60, 'Psykoterapia 60 min', 'toteutunut'),
    (63, 19, '2024-05-02 12:00:00', 45, 'Rentoutusryhmä', 'toteutunut'),
    (64, 20, '2024-01-02 14:00:00', 90, 'Hyvinvointivalmennus', 'toteutunut');

INSERT INTO therapy_notes (id, client_id, written_at, author, entry) VALUES
    (1, 1, '2024-05-18 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (2, 2, '2023-04-30 10:00:00', 'Terhi Kallio', 'Käsitelty stressinhallintaa; sovittu harjoituksista kotona.'),
    (3, 4, '2024-01-01 10:00:00', 'Terhi Kallio', 'Käsitelty stressinhallintaa; sovittu harjoituksista kotona.'),
    (4, 4, '2023-03-11 10:00:00', 'Terhi Kallio', 'Alkuarviointi: asiakas kertoo univaikeuksista ja työuupumuksesta.'),
    (5, 5, '2024-05-24 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (6, 5, '2023-12-14 10:00:00', 'Terhi Kallio', 'Asiakas kokee nukkuvansa paremmin; jatketaan nykyisellä suunnitelmalla.'),
    (7, 7, '2024-01-22 10:00:00', 'Terhi Kallio', 'Asiakas kokee nukkuvansa paremmin; jatketaan nykyisellä suunnitelmalla.'),
    (8, 7, '2024-06-08 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (9, 8, '2023-12-21 10:00:00', 'Terhi Kallio', 'Asiakas kokee nukkuvansa paremmin; jatketaan nykyisellä suunnitelmalla.'),
    (10, 8, '2023-08-20 10:00:00', 'Terhi Kallio', 'Käsitelty stressinhallintaa; sovittu harjoituksista kotona.'),
    (11, 8, '2023-11-18 10:00:00', 'Terhi Kallio', 'Lähete työterveyshuollosta vastaanotettu asiakkaan suostumuksella.'),
    (12, 10, '2023-02-14 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (13, 10, '2024-07-05 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (14, 11, '2024-02-05 10:00:00', 'Terhi Kallio', 'Käsitelty stressinhallintaa; sovittu harjoituksista kotona.'),
    (15, 13, '2024-06-29 10:00:00', 'Terhi Kallio', 'Asiakas kokee nukkuvansa paremmin; jatketaan nykyisellä suunnitelmalla.'),
    (16, 13, '2023-05-05 10:00:00', 'Terhi Kallio', 'Käsitelty stressinhallintaa; sovittu harjoituksista kotona.'),
    (17, 14, '2023-05-17 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (18, 16, '2023-12-19 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (19, 17, '2024-09-16 10:00:00', 'Terhi Kallio', 'Välitarkastelu: tavoitteet päivitetty yhdessä asiakkaan kanssa.'),
    (20, 19, '2023-03-07 10:00:00', 'Terhi Kallio', 'Alkuarviointi: asiakas kertoo univaikeuksista ja työuupumuksesta.'),
    (21, 19, '2023-05-18 10:00:00', 'Terhi Kallio', 'Lähete työterveyshuollosta vastaanotettu asiakkaan suostumuksella.'),
    (22, 19, '2023-04-01 10:00:00', 'Terhi Kallio', 'Alkuarviointi: asiakas kertoo univaikeuksista ja työuupumuksesta.'),
    (23, 20, '2023-05-23 10:00:00', 'Terhi Kallio', 'Asiakas kokee nukkuvansa paremmin; jatketaan nykyisellä suunnitelmalla.'),
    (24, 20, '2024-05-26 10:00:00', 'Terhi Kallio', 'Alkuarviointi: asiakas kertoo univaikeuksista ja työuupumuksesta.');

INSERT INTO invoices (id, client_id, number, invoice_date, due_date, amount, paid_at) VALUES
    (1, 1, '2023-0001', '2023-06-11', '2023-06-25', 180.00, '2023-06-14'),
    (2, 1, '2023-0002', '2023-08-02', '2023-08-16', 110.00, '2023-08-08'),
    (3, 2, '2023-0003', '2023-12-13', '2023-12-27', 95.00, '2023-12-24'),
    (4, 2, '2023-0004', '2023-12-30', '2024-01-13', 110.00, '2024-01-02'),
    (5, 2, '2023-0005', '2023-12-04', '2023-12-18', 180.00, '2023-12-17'),
    (6, 3, '2023-0006', '2023-10-01', '2023-10-15', 95.00, '2023-10-13'),
    (7, 3, '2023-0007', '2023-06-18', '2023-07-02', 220.00, '2023-06-29'),
    (8, 3, '2023-0008', '2023-12-09', '2023-12-23', 95.00, '2023-12-18'),
    (9, 4, '2023-0009', '2024-02-25', '2024-03-10', 95.00, '2024-02-28'),
    (10, 4, '2023-0010', '2024-02-01', '2024-02-15', 95.00, '2024-02-09'),
    (11, 4, '2023-0011', '2024-04-18', '2024-05-02', 110.00, '2024-04-24'),
    (12, 5, '2023-0012', '2024-06-15', '2024-06-29', 220.00, '2024-06-20'),
    (13, 5, '2023-0013', '2024-01-25', '2024-02-08', 95.00, '2024-02-04'),
    (14, 5, '2023-0014', '2023-07-08', '2023-07-22', 110.00, '2023-07-16'),
    (15, 6, '2023-0015', '2023-06-23', '2023-07-07', 110.00, NULL),
    (16, 7, '2023-0016', '2024-01-25', '2024-02-08', 180.00, '2024-01-27'),
    (17, 7, '2023-0017', '2023-06-04', '2023-06-18', 220.00, '2023-06-12'),
    (18, 7, '2023-0018', '2024-01-21', '2024-02-04', 220.00, '2024-01-28'),
    (19, 8, '2023-0019', '2023-04-21', '2023-05-05', 180.00, '2023-04-30'),
    (20, 9, '2023-0020', '2024-01-24', '2024-02-07', 220.00, NULL),
    (21, 9, '2023-0021', '2024-03-05', '2024-03-19', 180.00, '2024-03-13'),
    (22, 10, '2023-0022', '2024-03-20', '2024-04-03', 95.00, '2024-03-25'),
    (23, 10, '2023-0023', '2024-02-10', '2024-02-24', 180.00, '2024-02-14'),
    (24, 10, '2023-0024', '2023-07-15', '2023-07-29', 95.00, '2023-07-25'),
    (25, 11, '2023-0025', '2023-07-20', '2023-08-03', 110.00, '2023-07-28'),
    (26, 12, '2023-0026', '2023-06-27', '2023-07-11', 220.00, '2023-07-02'),
    (27, 12, '2023-0027', '2024-06-28', '2024-07-12', 220.00, '2024-07-10'),
    (28, 13, '2023-0028', '2023-12-29', '2024-01-12', 220.00, '2024-01-10'),
    (29, 14, '2023-0029', '2024-05-12', '2024-05-26', 220.00, '2024-05-23'),
    (30, 15, '2023-0030', '2023-07-05', '2023-07-19', 180.00, '2023-07-07'),
    (31, 16, '2023-0031', '2024-03-01', '2024-03-15', 180.00, '2024-03-04'),
    (32, 16, '2023-0032', '2023-11-10', '2023-11-24', 95.00, '2023-11-15'),
    (33, 16, '2023-0033', '2023-09-11', '2023-09-25', 110.00, '2023-09-23'),
    (34, 17, '2023-0034', '2024-05-09', '2024-05-23', 95.00, '2024-05-12'),
    (35, 17, '2023-0035', '2023-03-13', '2023-03-27', 220.00, '2023-03-16'),
    (36, 17, '2023-0036', '2024-02-24', '2024-03-09', 180.00, '2024-02-26'),
    (37, 18, '2023-0037', '2024-06-16', '2024-06-30', 220.00, '2024-06-22'),
    (38, 18, '2023-0038', '2024-03-04', '2024-03-18', 220.00, '2024-03-06'),
    (39, 18, '2023-0039', '2023-09-01', '2023-09-15', 95.00, '2023-09-14'),
    (40, 19, '2023-0040', '2023-07-02', '2023-07-16', 180.00, '2023-07-06'),
    (41, 19, '2023-0041', '2023-10-06', '2023-10-20', 220.00, '2023-10-17'),
    (42, 20, '2023-0042', '2024-03-14', '2024-03-28', 220.00, '2024-03-22'),
    (43, 20, '2023-0043', '2023-04-17', '2023-05-01', 220.00, '2023-04-23');

INSERT INTO collection_cases (id, invoice_id, opened_at, agency, stage) VALUES
    (1, 15, '2023-08-07', 'Perintä Uusimaa Oy', 'maksumuistutus'),
    (2, 20, '2024-03-09', 'Perintä Uusimaa Oy', 'perintäkirje');

INSERT INTO feedback (id, client_id, given_at, rating, comment, may_publish) VALUES
    (1, 2, '2023-08-22', 4, 'Kiitos, sain paljon apua.', TRUE),
    (2, 3, '2023-04-06', 5, 'Ajanvaraus oli helppoa.', FALSE),
    (3, 4, '2024-01-04', 5, 'Kiitos, sain paljon apua.', TRUE),
    (4, 5, '2023-12-22', 4, 'Toivoisin iltavastaanottoja.', TRUE),
    (5, 6, '2024-02-27', 4, 'Toivoisin iltavastaanottoja.', FALSE),
    (6, 7, '2023-06-20', 4, 'Toivoisin iltavastaanottoja.', FALSE),
    (7, 8, '2023-10-29', 4, 'Toivoisin iltavastaanottoja.', TRUE),
    (8, 10, '2024-07-06', 4, 'Ajanvaraus oli helppoa.', TRUE),
    (9, 12, '2024-07-08', 5, 'Kiitos, sain paljon apua.', TRUE),
    (10, 14, '2023-07-12', 4, 'Ajanvaraus oli helppoa.', FALSE),
    (11, 20, '2023-04-29', 4, 'Kiitos, sain paljon apua.', FALSE);

INSERT INTO marketing_events (id, client_id, recorded_at, channel, choice) VALUES
    (1, 2, '2023-04-27 12:00:00', 'sähköposti', 'suostumus'),
    (2, 4, '2023-08-18 12:00:00', 'sähköposti', 'suostumus'),
    (3, 5, '2023-03-19 12:00:00', 'sähköposti', 'suostumus'),
    (4, 6, '2023-03-06 12:00:00', 'sähköposti', 'suostumus'),
    (5, 8, '2023-08-29 12:00:00', 'tekstiviesti', 'suostumus'),
    (6, 9, '2023-10-05 12:00:00', 'tekstiviesti', 'suostumus'),
    (7, 9, '2023-12-12 12:00:00', 'tekstiviesti', 'kielto'),
    (8, 10, '2023-07-01 12:00:00', 'sähköposti', 'suostumus'),
    (9, 11, '2023-03-31 12:00:00', 'tekstiviesti', 'suostumus'),
    (10, 12, '2023-06-12 12:00:00', 'tekstiviesti', 'suostumus'),
    (11, 15, '2023-05-17 12:00:00', 'tekstiviesti', 'suostumus'),
    (12, 16, '2023-02-10 12:00:00', 'tekstiviesti', 'suostumus'),
    (13, 18, '2023-02-07 12:00:00', 'sähköposti', 'suostumus'),
    (14, 19, '2023-08-28 12:00:00', 'sähköposti', 'suostumus');

INSERT INTO notes (id, client_id, kind, written_at, note) VALUES
    (1, 4, 'practical', '2024-02-11', 'Kela-korvaus haettu asiakkaan pyynnöstä.'),
    (2, 5, 'practical', '2023-09-04', 'Kela-korvaus haettu asiakkaan pyynnöstä.'),
    (3, 6, 'wish', '2024-04-23', 'Ei tekstiviestimuistutuksia.'),
    (4, 7, 'wish', '2023-08-02', 'Ei tekstiviestimuistutuksia.'),
    (5, 8, 'practical', '2024-03-08', 'Kela-korvaus haettu asiakkaan pyynnöstä.'),
    (6, 9, 'wish', '2023-05-08', 'Ei tekstiviestimuistutuksia.'),
    (7, 9, 'practical', '2023-10-19', 'Kela-korvaus haettu asiakkaan pyynnöstä.'),
    (8, 10, 'wish', '2023-06-11', 'Kulku esteettömän sisäänkäynnin kautta.'),
    (9, 10, 'practical', '2023-05-02', 'Kela-korvaus haettu asiakkaan pyynnöstä.'),
    (10, 12, 'practical', '2023-12-30', 'Kela-korvaus haettu asiakkaan pyynnöstä.'),
    (11, 13, 'practical', '2023-06-12', 'Kela-korvaus haettu asiakkaan pyynnöstä.');
