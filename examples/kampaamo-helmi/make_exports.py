"""Write Kampaamo Helmi's booking-system exports into ``exports/`` beside this script.

The salon has no database of its own: what it has is what its booking system exports, and
`rekisteri` reads that folder as the store (``[store] url = "exports"`` in register.toml). The
files are written as the booking system writes them, each in its own dialect:

- ``asiakkaat.csv``: the clients; UTF-8 with a byte-order mark, semicolons, dates 14.8.1988.
- ``varaukset.csv``: the bookings; Windows-1252, semicolons, times 25.4.2023 13.30, prices
  with a decimal comma (45,00).
- ``suostumukset.csv``: the marketing consents and bans; UTF-8 without a byte-order mark,
  commas.
- ``asiakaskortit.ods``: a workbook with two sheets, "Kortit" (the client-card notes) and
  "Laskut" (the invoices); dates as date cells, sums as numbers (whole euros).

Every person, address and number here is made up; the email addresses are example.com ones.
Only the standard library is used. Run it from anywhere:

    python examples/kampaamo-helmi/make_exports.py

Each file is written under a temporary name in the folder and then renamed over the old one,
so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
EXPORTS = HERE / "exports"

# --- the data --------------------------------------------------------------------------------

# (Asiakasnumero, Etunimi, Sukunimi, Sähköposti, Puhelin, Syntymäaika, Katuosoite, Postinumero,
#  Postitoimipaikka, Tekstiviestimuistutus, Allergiat ja herkkyydet, Terveystietosuostumus,
#  Luotu)
CLIENTS = [
    (
        1001,
        "Aino",
        "Virtanen",
        "aino.virtanen@example.com",
        "040 318 2245",
        "3.2.1979",
        "Hämeenkatu 21 A 4",
        "33200",
        "Tampere",
        "kyllä",
        "",
        "",
        "12.1.2024",
    ),
    (
        1002,
        "Matti",
        "Korhonen",
        "matti.korhonen@example.com",
        "050 442 1187",
        "27.11.1965",
        "Pyynikintie 8",
        "33230",
        "Tampere",
        "kyllä",
        "",
        "",
        "19.1.2024",
    ),
    (
        1003,
        "Sanna",
        "Mäkinen",
        "sanna.makinen@example.com",
        "044 219 7730",
        "9.6.1992",
        "Sammonkatu 40 B 17",
        "33540",
        "Tampere",
        "ei",
        "",
        "",
        "2.3.2024",
    ),
    (
        1004,
        "Johanna",
        "Nieminen",
        "johanna.nieminen@example.com",
        "040 775 0912",
        "15.4.1984",
        "Kalevantie 3 C 22",
        "33100",
        "Tampere",
        "kyllä",
        "Herkkä hiuspohja: ei vaalennusta suoraan pohjaan.",
        "4.5.2025",
        "22.4.2024",
    ),
    (
        1005,
        "Eeva",
        "Hämäläinen",
        "eeva.hamalainen@example.com",
        "045 661 2093",
        "30.9.1958",
        "Tesomankatu 12 as 3",
        "33310",
        "Tampere",
        "kyllä",
        "",
        "",
        "7.6.2024",
    ),
    (
        1006,
        "Pekka",
        "Laine",
        "pekka.laine@example.com",
        "050 308 4471",
        "21.1.1990",
        "Lempääläntie 55",
        "33820",
        "Tampere",
        "ei",
        "",
        "",
        "30.8.2024",
    ),
    (
        1007,
        "Laura",
        "Koskinen",
        "laura.koskinen@example.com",
        "040 123 4567",
        "14.8.1988",
        "Satakunnankatu 18 B 12",
        "33210",
        "Tampere",
        "kyllä",
        "PPD-herkkyys (para-fenyleenidiamiini): ihottumaa hapetusvärin jälkeen 3/2026. "
        "Vain PPD-vapaat värit, ihotesti 48 h ennen uutta väriä.",
        "14.3.2026",
        "5.10.2024",
    ),
    (
        1008,
        "Jari",
        "Heikkinen",
        "jari.heikkinen@example.com",
        "044 580 3366",
        "2.12.1973",
        "Insinöörinkatu 31 D 40",
        "33720",
        "Tampere",
        "kyllä",
        "",
        "",
        "11.1.2025",
    ),
    (
        1009,
        "Minna",
        "Järvinen",
        "minna.jarvinen@example.com",
        "040 902 5518",
        "18.7.1981",
        "Kuninkaankatu 6 A 9",
        "33210",
        "Tampere",
        "kyllä",
        "Nikkeliallergia: ei metallisia hiuspinnejä.",
        "8.2.2025",
        "8.2.2025",
    ),
    (
        1010,
        "Timo",
        "Lehtonen",
        "timo.lehtonen@example.com",
        "050 117 6604",
        "6.3.1969",
        "Teiskontie 17 B 5",
        "33500",
        "Tampere",
        "ei",
        "",
        "",
        "16.5.2025",
    ),
    (
        1011,
        "Riikka",
        "Saarinen",
        "riikka.saarinen@example.com",
        "045 230 8841",
        "25.10.1995",
        "Nekalantie 2 A 1",
        "33560",
        "Tampere",
        "kyllä",
        "",
        "",
        "1.9.2025",
    ),
    (
        1012,
        "Helena",
        "Salminen",
        "helena.salminen@example.com",
        "040 664 3019",
        "11.5.1951",
        "Ratinanranta 4 C 30",
        "33100",
        "Tampere",
        "kyllä",
        "",
        "",
        "3.11.2025",
    ),
    (
        1013,
        "Oskari",
        "Heinonen",
        "oskari.heinonen@example.com",
        "044 701 2285",
        "29.2.2000",
        "Kaupinkatu 10 as 2",
        "33500",
        "Tampere",
        "kyllä",
        "",
        "",
        "20.1.2026",
    ),
    (
        1014,
        "Katja",
        "Niemi",
        "katja.niemi@example.com",
        "050 955 1472",
        "8.8.1977",
        "Hatanpään valtatie 26 A 7",
        "33100",
        "Tampere",
        "ei",
        "Ihottuma ammoniakkia sisältävistä väreistä, käytetään ammoniakittomia.",
        "17.4.2026",
        "17.4.2026",
    ),
    (
        1015,
        "Ville",
        "Kinnunen",
        "ville.kinnunen@example.com",
        "040 388 7021",
        "13.6.1986",
        "Messukylänkatu 49",
        "33700",
        "Tampere",
        "kyllä",
        "",
        "",
        "6.9.2026",
    ),
]

# (Asiakasnumero, Alkaa, Kesto (min), Palvelu, Hinta, Tila, Varauskanava, Muistutus lähetetty,
#  Lisätiedot)
BOOKINGS = [
    (
        1001,
        "12.1.2024 10.00",
        60,
        "Naisten hiustenleikkuu",
        "52,00",
        "Toteutunut",
        "puhelin",
        "",
        "",
    ),
    (
        1001,
        "3.5.2026 14.30",
        60,
        "Naisten hiustenleikkuu",
        "56,00",
        "Toteutunut",
        "verkko",
        "2.5.2026 14.30",
        "",
    ),
    (
        1002,
        "19.1.2024 9.00",
        30,
        "Miesten hiustenleikkuu",
        "32,00",
        "Toteutunut",
        "puhelin",
        "",
        "",
    ),
    (
        1002,
        "14.6.2026 9.30",
        30,
        "Miesten hiustenleikkuu",
        "35,00",
        "Ei saapunut",
        "verkko",
        "13.6.2026 9.30",
        "",
    ),
    (1003, "2.3.2024 16.00", 60, "Naisten hiustenleikkuu", "52,00", "Toteutunut", "verkko", "", ""),
    (
        1004,
        "4.5.2025 12.00",
        150,
        "Raidat ja leikkuu",
        "145,00",
        "Toteutunut",
        "verkko",
        "3.5.2025 12.00",
        "Haluaa luonnollisen lopputuloksen",
    ),
    (
        1005,
        "7.6.2024 11.00",
        90,
        "Kestopermanentti",
        "110,00",
        "Toteutunut",
        "puhelin",
        "6.6.2024 11.00",
        "",
    ),
    (
        1006,
        "30.8.2024 17.00",
        30,
        "Miesten hiustenleikkuu",
        "32,00",
        "Peruttu (asiakas)",
        "verkko",
        "",
        "Peruttu tekstiviestillä",
    ),
    (
        1007,
        "5.10.2024 15.00",
        60,
        "Naisten hiustenleikkuu",
        "52,00",
        "Toteutunut",
        "verkko",
        "4.10.2024 15.00",
        "",
    ),
    (
        1007,
        "1.3.2026 13.30",
        120,
        "Värjäys ja leikkuu",
        "118,00",
        "Toteutunut",
        "verkko",
        "28.2.2026 13.30",
        "",
    ),
    (
        1007,
        "25.4.2026 13.30",
        120,
        "Värjäys ja leikkuu (PPD-vapaa väri)",
        "124,00",
        "Toteutunut",
        "puhelin",
        "24.4.2026 13.30",
        "Ihotesti tehty 21.4.",
    ),
    (
        1007,
        "9.11.2026 16.00",
        45,
        "Otsatukan ja latvojen tasaus",
        "45,00",
        "Peruttu (asiakas)",
        "verkko",
        "8.11.2026 16.00",
        "Sairastui, uusi aika sovittu",
    ),
    (
        1007,
        "16.11.2026 16.00",
        45,
        "Otsatukan ja latvojen tasaus",
        "45,00",
        "Toteutunut",
        "verkko",
        "15.11.2026 16.00",
        "",
    ),
    (
        1008,
        "11.1.2025 8.30",
        30,
        "Miesten hiustenleikkuu",
        "32,00",
        "Toteutunut",
        "puhelin",
        "10.1.2025 8.30",
        "",
    ),
    (
        1009,
        "8.2.2025 10.00",
        90,
        "Juhlakampaus",
        "78,00",
        "Toteutunut",
        "puhelin",
        "7.2.2025 10.00",
        "Häät 12.2., kokeilukampaus",
    ),
    (1010, "16.5.2025 18.00", 30, "Parran muotoilu", "25,00", "Toteutunut", "verkko", "", ""),
    (
        1011,
        "1.9.2025 12.30",
        120,
        "Värjäys ja leikkuu",
        "112,00",
        "Toteutunut",
        "verkko",
        "31.8.2025 12.30",
        "",
    ),
    (
        1012,
        "3.11.2025 10.30",
        60,
        "Pesu ja föönaus",
        "42,00",
        "Toteutunut",
        "puhelin",
        "2.11.2025 10.30",
        "",
    ),
    (
        1013,
        "20.1.2026 15.30",
        30,
        "Miesten hiustenleikkuu",
        "35,00",
        "Toteutunut",
        "verkko",
        "19.1.2026 15.30",
        "",
    ),
    (
        1014,
        "17.4.2026 9.00",
        120,
        "Värjäys ja leikkuu",
        "118,00",
        "Toteutunut",
        "verkko",
        "",
        "Ammoniakiton väri",
    ),
    (
        1015,
        "6.9.2026 17.30",
        30,
        "Miesten hiustenleikkuu",
        "35,00",
        "Toteutunut",
        "verkko",
        "5.9.2026 17.30",
        "",
    ),
]

# (Asiakasnumero, Aika, Kanava, Valinta, Tapa)
CONSENTS = [
    (1001, "12.1.2024 10.55", "sähköposti", "suostumus", "kassalla"),
    (1004, "22.4.2024 9.12", "sähköposti", "suostumus", "verkkoajanvaraus"),
    (1005, "7.6.2024 12.40", "sähköposti", "suostumus", "kassalla"),
    (1005, "2.2.2026 19.05", "sähköposti", "peruutus", "uutiskirjeen peruutuslinkki"),
    (1007, "5.10.2024 8.41", "sähköposti", "suostumus", "verkkoajanvaraus"),
    (1007, "25.4.2026 15.42", "sähköposti", "peruutus", "kassalla"),
    (1007, "16.11.2026 16.50", "sähköposti", "suostumus", "kassalla"),
    (1009, "8.2.2025 11.35", "sähköposti", "suostumus", "kassalla"),
    (1010, "16.5.2025 18.35", "sähköposti", "kielto", "kassalla"),
    (1011, "1.9.2025 11.02", "sähköposti", "suostumus", "verkkoajanvaraus"),
    (1013, "20.1.2026 14.58", "sähköposti", "suostumus", "verkkoajanvaraus"),
    (1015, "6.9.2026 16.20", "sähköposti", "suostumus", "verkkoajanvaraus"),
]

# (Asiakasnumero, Päivämäärä, Käsittely, Värikaava, Merkintä)
CARDS = [
    (1001, date(2026, 5, 3), "Leikkuu", "", "Polkkatukka, niska koneella 12 mm."),
    (
        1004,
        date(2025, 5, 4),
        "Raidat",
        "Blondor 9 % 1:2 folioraidat, sävytys Illumina 9/60",
        "Paksu, karkea hius; vaalennus ei pohjaan asti.",
    ),
    (1005, date(2024, 6, 7), "Kestopermanentti", "", "Isot rullat, 15 min vaikutusaika."),
    (1007, date(2024, 10, 5), "Leikkuu", "", "Olkapäille, kevyt porrastus edestä."),
    (
        1007,
        date(2026, 3, 1),
        "Värjäys",
        "Koleston Perfect 7/1 + 6 % 1:1, 35 min",
        "Harmaita ohimoilla noin 20 %.",
    ),
    (
        1007,
        date(2026, 4, 25),
        "Värjäys",
        "PPD-vapaa: Essensity 7-00 + 4 % 1:1, 30 min",
        "Vaihdettu PPD-vapaaseen sarjaan, ks. allergiat. Sävy vastasi aiempaa hyvin.",
    ),
    (1007, date(2026, 11, 16), "Leikkuu", "", "Otsatukka kulmille, latvoista 2 cm."),
    (1009, date(2025, 2, 8), "Juhlakampaus", "", "Matala nuttura, tuoreet kukat; lakka kevyt."),
    (
        1011,
        date(2025, 9, 1),
        "Värjäys",
        "Koleston Perfect 5/4 + 6 % 1:1, 35 min",
        "Punertava sävy, asiakas tyytyväinen.",
    ),
    (1014, date(2026, 4, 17), "Värjäys", "Inoa 6.0 + 6 % 1:1, 35 min", "Ammoniakiton sarja."),
]

# (Laskunumero, Asiakasnumero, Päiväys, Eräpäivä, Summa, Maksutapa, Maksettu)
INVOICES = [
    (2401, 1001, date(2024, 1, 12), date(2024, 1, 12), 52, "kortti", date(2024, 1, 12)),
    (2402, 1002, date(2024, 1, 19), date(2024, 1, 19), 32, "käteinen", date(2024, 1, 19)),
    (2403, 1005, date(2024, 6, 7), date(2024, 6, 21), 110, "lasku", date(2024, 6, 18)),
    (2404, 1007, date(2024, 10, 5), date(2024, 10, 5), 52, "MobilePay", date(2024, 10, 5)),
    (2501, 1004, date(2025, 5, 4), date(2025, 5, 4), 145, "kortti", date(2025, 5, 4)),
    (2502, 1009, date(2025, 2, 8), date(2025, 2, 22), 78, "lasku", date(2025, 2, 21)),
    (2503, 1011, date(2025, 9, 1), date(2025, 9, 1), 112, "kortti", date(2025, 9, 1)),
    (2601, 1007, date(2026, 3, 1), date(2026, 3, 1), 118, "kortti", date(2026, 3, 1)),
    (2602, 1007, date(2026, 4, 25), date(2026, 5, 9), 124, "lasku", date(2026, 5, 8)),
    (2603, 1014, date(2026, 4, 17), date(2026, 4, 17), 118, "kortti", date(2026, 4, 17)),
    (2604, 1007, date(2026, 11, 16), date(2026, 11, 30), 45, "lasku", None),
    (2605, 1015, date(2026, 9, 6), date(2026, 9, 6), 35, "MobilePay", date(2026, 9, 6)),
]


# The booking system's own row ids, which every export carries: technical, no personal data.
def export_id(prefix: str, number: int) -> str:
    return f"{prefix}-{number:06d}"


# --- the files -------------------------------------------------------------------------------


def csv_bytes(rows: list[list[object]], *, delimiter: str, encoding: str) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def asiakkaat() -> bytes:
    header = [
        "ID",
        "Asiakasnumero",
        "Etunimi",
        "Sukunimi",
        "Sähköposti",
        "Puhelin",
        "Syntymäaika",
        "Katuosoite",
        "Postinumero",
        "Postitoimipaikka",
        "Tekstiviestimuistutus",
        "Allergiat ja herkkyydet",
        "Terveystietosuostumus",
        "Luotu",
        "Muokattu",
    ]
    rows = [
        [export_id("AS", i), *client, f"{client[-1]} 12.00"]
        for i, client in enumerate(CLIENTS, start=1)
    ]
    return csv_bytes([header, *rows], delimiter=";", encoding="utf-8-sig")


def varaukset() -> bytes:
    header = [
        "ID",
        "Asiakasnumero",
        "Alkaa",
        "Kesto (min)",
        "Palvelu",
        "Hinta",
        "Tila",
        "Varauskanava",
        "Muistutus lähetetty",
        "Lisätiedot",
    ]
    rows = [[export_id("VA", i), *booking] for i, booking in enumerate(BOOKINGS, start=1)]
    return csv_bytes([header, *rows], delimiter=";", encoding="cp1252")


def suostumukset() -> bytes:
    header = ["ID", "Asiakasnumero", "Aika", "Kanava", "Valinta", "Tapa"]
    rows = [[export_id("SU", i), *consent] for i, consent in enumerate(CONSENTS, start=1)]
    return csv_bytes([header, *rows], delimiter=",", encoding="utf-8")


def asiakaskortit() -> bytes:
    cards = [["ID", "Asiakasnumero", "Päivämäärä", "Käsittely", "Värikaava", "Merkintä"]]
    cards += [[export_id("KO", i), *card] for i, card in enumerate(CARDS, start=1)]
    invoices = [
        [
            "ID",
            "Laskunumero",
            "Asiakasnumero",
            "Päiväys",
            "Eräpäivä",
            "Summa",
            "Maksutapa",
            "Maksettu",
        ],
    ]
    invoices += [[export_id("LA", i), *invoice] for i, invoice in enumerate(INVOICES, start=1)]
    return ods_bytes({"Kortit": cards, "Laskut": invoices})


def _cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, date):
        shown = f"{value.day}.{value.month}.{value.year}"
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def ods_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes one without the styles."""
    body = []
    for name, rows in sheets.items():
        body.append(f'<table:table table:name="{escape(name, {chr(34): "&quot;"})}">')
        for row in rows:
            body.append(f"<table:table-row>{''.join(_cell(c) for c in row)}</table:table-row>")
        body.append("</table:table>")
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        f'office:version="1.2"><office:body><office:spreadsheet>{"".join(body)}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    # A fixed timestamp: the same data gives the same bytes.
    stamp = (2024, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype comes first and uncompressed, as the OpenDocument format requires.
        archive.writestr(
            zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.spreadsheet"
        )
        for name, text in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            archive.writestr(zipfile.ZipInfo(name, stamp), text, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` under a temporary name, then rename it into place."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def main() -> None:
    # The exports beside this script, or in the folder given (the tests write them elsewhere).
    exports = Path(sys.argv[1]) if len(sys.argv) > 1 else EXPORTS
    exports.mkdir(parents=True, exist_ok=True)
    files = {
        "asiakkaat.csv": asiakkaat(),
        "varaukset.csv": varaukset(),
        "suostumukset.csv": suostumukset(),
        "asiakaskortit.ods": asiakaskortit(),
    }
    for name, data in files.items():
        write(exports / name, data)
        print(f"wrote {exports / name}")


if __name__ == "__main__":
    main()
