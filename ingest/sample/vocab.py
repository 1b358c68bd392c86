"""Word lists of the domain: places, firms, people, building components and materials.

Components and materials are the words the truth lists; every other sentence of the generator
avoids them (and the words in AVOID), so a file mentions exactly what its truth says.
"""

STREETS = ["Hoofdstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Dorpsstraat", "Wierde",
           "Singel", "Oosterstraat", "Zuiderdiep", "Hereweg", "Badweg", "Meedenerweg",
           "Loppersumerweg", "Oude Rijksweg", "Van Heemstraweg", "Tjamsweersterweg",
           "Burgemeester Lewe van Aduardstraat", "De Wijk", "Middelbert", "Oosterhoogebrugweg",
           "Kanaalweg", "Schoolstraat", "Nieuwstad", "Opwierderweg", "Eemskanaal NZ"]  # fmt: skip
PLACES = ["Groningen", "Loppersum", "Appingedam", "Delfzijl", "Middelstum", "Winsum",
          "Ten Boer", "Zuidbroek", "Stedum", "Garrelsweer", "Uithuizen", "Bedum",
          "Ten Post", "Wirdum", "Overschild", "Siddeburen", "Hellum", "'t Zandt"]  # fmt: skip
FIRMS = ["Wijnia Constructieadvies", "Pieters Bouwtechniek", "Aveco de Bondt",
         "IMd Raadgevende Ingenieurs", "Noorderzijl Ingenieurs", "Hunze Constructies B.V.",
         "Arcadis Nederland B.V.", "Antea Group", "Ingenieursbureau Fivelingo",
         "Reitdiep Engineering"]  # fmt: skip
COUNTER_FIRMS = ["Second Opinion Bouwadvies", "Bureau Damsterdiep Ingenieurs",
                 "Ommelander Bouwtechniek", "Stichting Contra-Expertise Groningen"]  # fmt: skip
LAWYERS = ["mr. K. Jansen", "mr. drs. L. Kuipers", "mr. S. el Amrani", "mr. B. Schuurman"]
OFFICERS = ["R. Zijlstra", "drs. M. Oosting", "ing. F. Bolhuis", "C. Veenstra"]
PEOPLE = ["J. de Vries", "A. Bakker", "H. Smit", "M. Mulder", "G. Dijkstra", "P. Bos",
          "T. Hoekstra", "R. Visser", "E. Kramer", "W. Meijer", "F. Huizinga", "S. Pool",
          "D. Wierenga", "L. Brouwer", "N. Kooi"]  # fmt: skip

# Optional components a house may have, beside the always-present ones.
OPTIONAL = ["topgevel", "schoorsteen", "borstwering", "aanbouw", "dakkapel", "kelder", "erker",
            "kopgevel", "uitbouw", "serre"]  # fmt: skip
PLURAL = {
    "topgevel": "topgevels", "kopgevel": "kopgevels", "schoorsteen": "schoorstenen",
    "borstwering": "borstweringen", "spouwmuur": "spouwmuren", "dakkapel": "dakkapellen",
    "aanbouw": "aanbouwen", "uitbouw": "uitbouwen", "kelder": "kelders", "erker": "erkers",
    "serre": "serres", "fundering": "funderingen", "vloer": "vloeren", "dak": "daken",
    "gevel": "gevels", "wand": "wanden",
}  # fmt: skip
COMPONENTS = sorted(PLURAL)

# Materials: canonical name -> ways of writing it.
MATERIALS = {
    "kalkzandsteen": ["kalkzandsteen", "kalkzandstenen", "kalkzandsteen"],
    "baksteen": ["baksteen", "bakstenen", "baksteen"],
    "beton": ["beton", "betonnen"],
    "hout": ["hout", "houten"],
    "staal": ["staal", "stalen"],
    "cellenbeton": ["cellenbeton"],
}
ADJECTIVE = {"beton": "betonnen", "hout": "houten", "staal": "stalen",
             "baksteen": "bakstenen", "kalkzandsteen": "kalkzandstenen"}  # fmt: skip

# Other building words that sentences must not use unregistered (readers may count them).
AVOID = ["nok", "goot", "balk", "kolom", "trap", "garage", "berging", "luifel", "balkon",
         "latei", "ringbalk", "kruipruimte", "binnenwand", "gording", "dakvoet", "lintvoeg",
         "voorgevel", "achtergevel", "zijgevel", "muur", "muren", "metselwerk"]  # fmt: skip

# Measurement names, all lengths; truth values in metres.
MEASURES = ["gevelbreedte", "goothoogte", "nokhoogte", "wanddikte", "verdiepingshoogte",
            "spouwbreedte", "vloerdikte", "overspanning"]  # fmt: skip

SYLLABLES = ["bor", "gel", "tik", "ster", "oog", "wal", "dam", "kwel", "zil", "mar", "hun",
             "del", "wier", "lop", "stee", "rin", "ter", "haar", "mun", "zee"]  # fmt: skip


def planted_term(dossier_index: int, n: int) -> str:
    """A made-up word unique in the corpus: the dossier index and a counter spelled in syllables.

    Built from the index (not drawn) so dossiers can be generated independently.
    """
    value, parts = dossier_index * 8 + n, []
    for _ in range(4):
        value, digit = divmod(value, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    while value:
        value, digit = divmod(value, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "kwa" + "".join(parts)
