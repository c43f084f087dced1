"""What can be wrong with a record file, as `Problem`s with a position and a translatable message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from klacht import documents
from klacht.i18n import Catalog, field_label, field_name, value_label

MSG = Catalog(
    {
        "file.not_found": (
            "bestand bestaat niet; controleer de naam en de map",
            "file does not exist; check the name and the folder",
        ),
        "file.no_access": (
            "geen toestemming om dit bestand te lezen; vraag de beheerder om leesrechten",
            "no permission to read this file; ask the administrator for read access",
        ),
        "file.is_folder": (
            "dit is een map, geen bestand; geef een klachtbestand (.yaml) op",
            "this is a folder, not a file; give a complaint file (.yaml)",
        ),
        "file.folder_no_access": (
            "geen toestemming om deze map te lezen; de klachten erin zijn niet gecontroleerd; "
            "vraag de beheerder om leesrechten",
            "no permission to read this folder; the complaints in it were not checked; ask the "
            "administrator for read access",
        ),
        "file.symlink": (
            "dit is een snelkoppeling (symbolische link), geen gewoon bestand of gewone map; het "
            "register leest er niet doorheen: zet het bestand of de map zelf hier neer",
            "this is a symbolic link, not a plain file or folder; the register does not read "
            "through it: put the file or folder itself here",
        ),
        "file.not_regular": (
            "dit is geen gewoon bestand (maar bijvoorbeeld een pipe of apparaat); verwijder het",
            "this is not a plain file (but for example a pipe or a device); remove it",
        ),
        "file.leftover": (
            "tijdelijk bestand van een afgebroken 'klacht new' of 'klacht anonymize'; het kan "
            "persoonsgegevens bevatten: verwijder het en voeg het niet toe aan Git",
            "temporary file of an interrupted 'klacht new' or 'klacht anonymize'; it may hold "
            "personal data: delete it and do not add it to Git",
        ),
        "file.unreadable": (
            "bestand kan niet gelezen worden: {detail}",
            "file cannot be read: {detail}",
        ),
        "file.too_large": (
            "bestand is te groot ({size} KB; hooguit {limit} KB); een klacht past in een klein bestand",
            "file is too large ({size} KB; at most {limit} KB); a complaint fits in a small file",
        ),
        "file.utf16": (
            "bestand is opgeslagen als UTF-16; sla het op als UTF-8",
            "file is saved as UTF-16; save it as UTF-8",
        ),
        "file.not_utf8": (
            "bestand is geen UTF-8 (byte {byte}); sla het op als UTF-8, zodat letters als ë goed blijven",
            "file is not UTF-8 (byte {byte}); save it as UTF-8 so that letters like ë survive",
        ),
        "file.empty": ("bestand is leeg", "file is empty"),
        "yaml.not_mapping": (
            "een klacht moet bestaan uit velden als 'id: ...', 'received: ...'",
            "a complaint must consist of fields like 'id: ...', 'received: ...'",
        ),
        "yaml.duplicate_key": (
            "veld '{key}' staat twee keer in hetzelfde blok; laat er één staan (anders gaat er "
            "een waarde verloren)",
            "field '{key}' appears twice in the same block; keep one (otherwise a value is lost)",
        ),
        "yaml.key_not_text": (
            "'{key}' is geen geldige veldnaam (YAML leest het als getal of ja/nee)",
            "'{key}' is not a valid field name (YAML reads it as a number or yes/no)",
        ),
        "yaml.key_complex": (
            "hier staat een lijst of blok als veldnaam ('? ' of '[...]:'); een veldnaam is een "
            "woord zoals 'summary'",
            "a list or block stands here as a field name ('? ' or '[...]:'); a field name is a "
            "word like 'summary'",
        ),
        "yaml.too_deep": (
            "de velden zijn hier dieper genest dan een klacht ooit gaat (meer dan {depth} "
            "niveaus); controleer de haakjes en de inspringing",
            "the fields nest deeper here than a complaint ever does (more than {depth} levels); "
            "check the brackets and the indentation",
        ),
        "yaml.number_too_large": (
            "dit getal is te groot voor een klacht; bedoelt u tekst, zet het dan tussen "
            "aanhalingstekens",
            "this number is too large for a complaint; if you mean text, put it in quotes",
        ),
        "yaml.alias": (
            "ankers en verwijzingen (& en *) zijn niet toegestaan; schrijf de waarde voluit",
            "anchors and aliases (& and *) are not allowed; write the value out in full",
        ),
        "yaml.tag": (
            "de markering {tag} is niet toegestaan; schrijf een gewone waarde",
            "the tag {tag} is not allowed; write a plain value",
        ),
        "yaml.tab": (
            "hier staat een tab; spring in met spaties",
            "there is a tab here; indent with spaces",
        ),
        "yaml.colon": (
            "deze tekst bevat een dubbele punt met een spatie erna, en dat leest YAML als een nieuw "
            'veld; zet de hele tekst tussen aanhalingstekens, bijvoorbeeld "Let op: te laat"',
            "this text contains a colon followed by a space, which YAML reads as a new field; put "
            'the whole text in quotes, for example "Note: too late"',
        ),
        "yaml.indent": (
            "de inspringing klopt hier niet; velden van hetzelfde blok beginnen precies onder "
            "elkaar, velden binnen een blok springen met spaties verder in",
            "the indentation is wrong here; fields of the same block start exactly below each "
            "other, fields inside a block are indented further with spaces",
        ),
        "yaml.after_value": (
            "na de waarde staat nog tekst; begint de tekst met een aanhalingsteken, [ of {{, zet "
            "dan de hele tekst tussen aanhalingstekens (een ' binnen '...' schrijf je als '')",
            "there is more text after the value; if the text starts with a quote, [ or {{, put "
            "the whole text in quotes (a ' inside '...' is written as '')",
        ),
        "yaml.no_colon": (
            "deze regel is geen 'veld: waarde'; ontbreekt de dubbele punt, of hoort de tekst bij "
            "de regel erboven (spring dan in met spaties)?",
            "this line is not 'field: value'; is the colon missing, or does the text belong to "
            "the line above (then indent it with spaces)?",
        ),
        "yaml.unclosed_bracket": (
            "deze '{bracket}' wordt niet afgesloten met '{closing}'; hoort hij bij de tekst, zet "
            "dan de hele tekst tussen aanhalingstekens",
            "this '{bracket}' is not closed with '{closing}'; if it is part of the text, put the "
            "whole text in quotes",
        ),
        "yaml.reserved_start": (
            "een tekst mag niet beginnen met '{char}'; zet de hele tekst tussen aanhalingstekens",
            "a text cannot start with '{char}'; put the whole text in quotes",
        ),
        "yaml.unclosed": (
            "dit aanhalingsteken wordt nergens afgesloten; zet hetzelfde aanhalingsteken aan het "
            "eind van de tekst",
            "this quote is never closed; put the same quote at the end of the text",
        ),
        "yaml.control_char": (
            "het bestand bevat een onzichtbaar stuurteken; verwijder het",
            "the file contains an invisible control character; remove it",
        ),
        "yaml.escape": (
            "onbekende \\-code tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens",
            "unknown \\ escape inside double quotes; use single quotes",
        ),
        "yaml.multiple_documents": (
            "het bestand bevat meer dan één document ('---'); één klacht per bestand",
            "the file holds more than one document ('---'); one complaint per file",
        ),
        "yaml.syntax": (
            "de YAML-opbouw klopt hier niet (inspringing, aanhalingstekens?); technisch: {detail}",
            "the YAML structure is wrong here (indentation, quotes?); technically: {detail}",
        ),
        "schema.required": ("ontbreekt; dit veld is verplicht", "missing; this field is required"),
        "schema.closed_needs": (
            "een gesloten klacht heeft een volledige afhandeling nodig; vul nog in: {lacking_fields}",
            "a closed complaint needs complete handling; still fill in: {lacking_fields}",
        ),
        "schema.unknown_key": (
            "onbekend veld '{key}'; controleer de spelling (velden staan in het schema)",
            "unknown field '{key}'; check the spelling (fields are listed in the schema)",
        ),
        "schema.yaml_number": (
            '{raw} is gelezen als getal, niet als tekst; zet het tussen aanhalingstekens: "{raw}"',
            '{raw} was read as a number, not as text; put it in quotes: "{raw}"',
        ),
        "schema.yaml_bool": (
            "{raw} is gelezen als ja/nee-waarde, niet als tekst; zet het tussen aanhalingstekens: "
            '"{raw}"',
            '{raw} was read as a yes/no value, not as text; put it in quotes: "{raw}"',
        ),
        "schema.want_bool": (
            "schrijf true (ja) of false (nee), zonder aanhalingstekens; nu staat er '{value}'",
            "write true or false, without quotes; it now says '{value}'",
        ),
        "schema.want_mapping": (
            "moet een blok met velden eronder zijn (ingesprongen)",
            "must be a block of fields below it (indented)",
        ),
        "schema.want_list": (
            "moet een lijst zijn (regels die beginnen met '- ')",
            "must be a list (lines starting with '- ')",
        ),
        "schema.want_value": ("is leeg; vul een waarde in", "is empty; fill in a value"),
        "schema.want_text": ("moet tekst zijn", "must be text"),
        "schema.empty_text": ("is leeg; vul een waarde in", "is empty; fill in a value"),
        "schema.enum": (
            "'{value}' is geen geldige waarde; kies uit: {options}",
            "'{value}' is not a valid value; choose from: {options}",
        ),
        "schema.enum_no": (
            "{raw} wordt gelezen als nee/false, niet als tekst; kies uit: {options}",
            "{raw} is read as no/false, not as text; choose from: {options}",
        ),
        "schema.enum_yes": (
            "{raw} wordt gelezen als ja/true, niet als tekst; kies uit: {options}",
            "{raw} is read as yes/true, not as text; choose from: {options}",
        ),
        "schema.enum_empty": ("is leeg; kies uit: {options}", "is empty; choose from: {options}"),
        "schema.id_pattern": (
            "'{value}' is geen geldig klachtnummer; schrijf K-<jaar>-<volgnummer>, bijvoorbeeld "
            "K-2026-007",
            "'{value}' is not a valid complaint number; write K-<year>-<number>, e.g. K-2026-007",
        ),
        "schema.datetime_bare_date": (
            "'{value}' is alleen een datum; schrijf ook de tijd, bijvoorbeeld {example}",
            "'{value}' is only a date; add the time, for example {example}",
        ),
        "schema.datetime_pattern": (
            "'{value}' is geen datum met tijd; schrijf bijvoorbeeld 2026-11-18T10:42",
            "'{value}' is not a date and time; write for example 2026-11-18T10:42",
        ),
        "schema.date_order": (
            "'{value}' staat in de verkeerde volgorde; schrijf jaar-maand-dag: {suggestion}",
            "'{value}' is in the wrong order; write year-month-day: {suggestion}",
        ),
        "schema.date_pattern": (
            "'{value}' is geen datum; schrijf jaar-maand-dag, bijvoorbeeld 2026-11-18",
            "'{value}' is not a date; write year-month-day, for example 2026-11-18",
        ),
        "schema.email_pattern": (
            "'{value}' is geen e-mailadres",
            "'{value}' is not an e-mail address",
        ),
        "schema.other": ("ongeldige waarde ({detail})", "invalid value ({detail})"),
        "rule.id_file": (
            "klachtnummer {id} past niet bij de bestandsnaam {name}; die moet {id}.yaml zijn",
            "complaint number {id} does not match the file name {name}; it must be {id}.yaml",
        ),
        "rule.id_folder": (
            "klachtnummer {id} hoort in de map van zijn jaar, niet in '{folder}'",
            "complaint number {id} belongs in its year's folder, not in '{folder}'",
        ),
        "rule.id_year": (
            "klachtnummer {id} past niet bij het jaar van ontvangst ({year})",
            "complaint number {id} does not match the year received ({year})",
        ),
        "rule.phone": (
            "'{value}' is geen geldig telefoonnummer; schrijf bijvoorbeeld \"073-1234567\" of "
            '"+31 73 123 4567"',
            "'{value}' is not a valid phone number; write for example \"073-1234567\" or "
            '"+31 73 123 4567"',
        ),
        # Privacy mode (klacht.privacy): no message quotes the value
        "privacy.damaged": (
            "de versleutelde waarde (age:…) is beschadigd en kan niet ontsleuteld worden; zet "
            "de waarde terug zoals ze in de geschiedenis staat (git log -p)",
            "the encrypted value (age:…) is damaged and cannot be decrypted; put the value back "
            "as it is in the history (git log -p)",
        ),
        "privacy.plaintext": (
            "staat onversleuteld in het bestand terwijl de privacymodus aan staat; versleutel "
            "met: klacht encrypt",
            "is not encrypted while privacy mode is on; encrypt it with: klacht encrypt",
        ),
        "privacy.phone": (
            "het (ontsleutelde) nummer is geen geldig telefoonnummer; het wordt hier niet getoond",
            "the (decrypted) number is not a valid phone number; it is not shown here",
        ),
        "privacy.name_in_text": (
            "noemt de naam van de klant; deze tekst wordt niet versleuteld: laat de naam weg",
            "names the customer; this text is not encrypted: leave the name out",
        ),
        "privacy.phone_in_text": (
            "bevat een telefoonnummer; deze tekst wordt niet versleuteld: laat het nummer weg",
            "holds a phone number; this text is not encrypted: leave the number out",
        ),
        "privacy.email_in_text": (
            "bevat een e-mailadres; deze tekst wordt niet versleuteld: laat het adres weg",
            "holds an e-mail address; this text is not encrypted: leave the address out",
        ),
        "rule.category": (
            "'{value}' is geen bekende categorie; kies uit: {options}",
            "'{value}' is not a known category; choose from: {options}",
        ),
        "rule.date.invalid": (
            "'{value}' bestaat niet op de kalender",
            "'{value}' does not exist on the calendar",
        ),
        "rule.time.nonexistent": (
            "'{value}' bestaat niet: de klok sprong toen een uur vooruit (zomertijd); controleer de tijd",
            "'{value}' does not exist: clocks went forward an hour then (summer time); check the time",
        ),
        "rule.time.ambiguous": (
            "'{value}' kwam twee keer voor (einde zomertijd); geef de tijdzone erbij, +02:00 of +01:00",
            "'{value}' happened twice (end of summer time); add the offset, +02:00 or +01:00",
        ),
        "rule.date.out_of_range": (
            "'{value}' ligt niet tussen de jaren 1900 en 2999; controleer het jaar",
            "'{value}' is not between the years 1900 and 2999; check the year",
        ),
        "rule.blank": (
            "bevat alleen spaties; vul in wie de correctie maakte en waarom",
            "holds only spaces; fill in who made the correction and why",
        ),
        "rule.future": (
            "'{value}' ligt in de toekomst; een correctie krijgt de datum waarop ze gemaakt is",
            "'{value}' is in the future; a correction gets the date it was made",
        ),
        "rule.order": (
            "'{value}' ligt vóór {earlier_field}; controleer de datum",
            "'{value}' is before {earlier_field}; check the date",
        ),
        # Documents (SPEC §11)
        "documents.name_path": (
            "'{name}' is geen gewone bestandsnaam; een document staat in de map van de klacht "
            "zelf: schrijf alleen de naam, zonder map, '..' of '/'",
            "'{name}' is not a plain file name; a document is in the complaint's own folder: "
            "write only the name, without a folder, '..' or '/'",
        ),
        "documents.name_chars": (
            "'{name}' bevat tekens die niet in een bestandsnaam horen (< > : \" | ? *, "
            "onzichtbare tekens, een punt of spatie aan begin of eind); geef het bestand een "
            "gewone naam, of voeg het toe met 'klacht attach'",
            "'{name}' holds characters that do not belong in a file name (< > : \" | ? *, "
            "invisible characters, a dot or space at its start or end); give the file a plain "
            "name, or add it with 'klacht attach'",
        ),
        "documents.name_reserved": (
            "'{name}' is een naam die Windows niet toestaat; geef het bestand een andere naam",
            "'{name}' is a name Windows does not allow; give the file another name",
        ),
        "documents.name_long": (
            "'{name}' is een te lange bestandsnaam; kort hem in",
            "'{name}' is too long a file name; shorten it",
        ),
        "documents.name_twice": (
            "'{name}' staat twee keer in de lijst; noem elk document één keer",
            "'{name}' is listed twice; list each document once",
        ),
        "documents.missing": (
            "'{name}' staat niet in de map van de klacht; zet het bestand daar, of controleer "
            "de naam (hoofdletters tellen mee)",
            "'{name}' is not in the complaint's folder; put the file there, or check the name "
            "(capitals count)",
        ),
        "documents.link": (
            "'{name}' is een snelkoppeling (symbolische link), geen gewoon bestand; zet het "
            "bestand zelf in de map",
            "'{name}' is a symbolic link, not a plain file; put the file itself in the folder",
        ),
        "documents.folder": (
            "'{name}' is een map, geen bestand",
            "'{name}' is a folder, not a file",
        ),
        "documents.not_regular": (
            "'{name}' is geen gewoon bestand (maar bijvoorbeeld een pipe of apparaat)",
            "'{name}' is not a plain file (but for example a pipe or a device)",
        ),
        "documents.no_access": (
            "geen toestemming om '{name}' te lezen; vraag de beheerder om leesrechten",
            "no permission to read '{name}'; ask the administrator for read access",
        ),
        "documents.unreadable": ("'{name}' kan niet gelezen worden", "'{name}' cannot be read"),
        "documents.type": (
            "'{name}' is van een soort die het register niet aanneemt (.{ext}); toegestaan: "
            "{allowed}",
            "'{name}' is of a kind the register does not accept (.{ext}); allowed: {allowed}",
        ),
        "documents.content": (
            "'{name}' heet een .{ext}-bestand, maar de inhoud is een {found_kind}; sla het op als "
            "echt .{ext}-bestand (of een ander toegestaan soort) en voeg het opnieuw toe",
            "'{name}' is named a .{ext} file, but its content is a {found_kind}; save it as a real "
            ".{ext} file (or another allowed kind) and add it again",
        ),
        "documents.too_large": (
            "'{name}' is te groot ({size_bytes}; hooguit {limit_bytes}); verklein het (bijvoorbeeld "
            "een scan met een lagere resolutie)",
            "'{name}' is too large ({size_bytes}; at most {limit_bytes}); make it smaller (for "
            "example a scan at a lower resolution)",
        ),
        "documents.empty": ("'{name}' is leeg", "'{name}' is empty"),
        "documents.not_encrypted": (
            "'{name}' heet versleuteld (.age), maar is geen age-bestand; voeg het document "
            "opnieuw toe met 'klacht attach'",
            "'{name}' is named encrypted (.age), but is no age file; add the document again "
            "with 'klacht attach'",
        ),
        "documents.unlisted": (
            "'{name}' staat in {folder} maar niet in de lijst; voeg een regel toe (file, title, "
            "date) of voeg het toe met 'klacht attach'",
            "'{name}' is in {folder} but not in the list; add an entry (file, title, date) or "
            "add it with 'klacht attach'",
        ),
        "documents.subfolder": (
            "in {folder} staat een map '{name}'; documenten staan direct in de map van de klacht",
            "{folder} holds a folder '{name}'; documents are directly in the complaint's folder",
        ),
        "documents.folder_link": (
            "{folder} is een snelkoppeling (symbolische link), geen gewone map; het register "
            "leest er niet doorheen: zet de map zelf hier neer",
            "{folder} is a symbolic link, not a plain folder; the register does not read "
            "through it: put the folder itself here",
        ),
        "documents.folder_not_folder": (
            "{folder} moet een map met documenten zijn, maar is een bestand",
            "{folder} must be a folder of documents, but is a file",
        ),
        "documents.folder_unreadable": (
            "{folder} kan niet gelezen worden: {detail}",
            "{folder} cannot be read: {detail}",
        ),
        "documents.orphan": (
            "map met documenten zonder klacht: er staat geen {id}.yaml naast; zet de documenten "
            "in de map van hun klacht",
            "folder of documents without a complaint: there is no {id}.yaml beside it; put the "
            "documents in the folder of their complaint",
        ),
        "records.duplicate_id": (
            "klachtnummer {id} komt ook voor in {other}; geef één van beide een nieuw nummer met "
            "'klacht renumber {other_or_this}'",
            "complaint number {id} also appears in {other}; give one of them a new number with "
            "'klacht renumber {other_or_this}'",
        ),
        "records.conflict": (
            "dit bestand bevat een Git-conflict (<<<<<<<): twee takken gaven een klacht hetzelfde "
            "nummer of wijzigden dezelfde klacht; zijn het twee verschillende klachten, dan geeft "
            "'klacht renumber {path}' die van uw tak een nieuw nummer en lost het conflict op; "
            "anders herstelt u het bestand met de hand",
            "this file contains a Git conflict (<<<<<<<): two branches gave a complaint the same "
            "number or changed the same complaint; for two different complaints, 'klacht "
            "renumber {path}' gives the one of your branch a new number and resolves the "
            "conflict; else repair the file by hand",
        ),
        "audit.deleted": (
            "klacht {id} is verwijderd; een klacht wordt nooit verwijderd: zet bij een vergissing "
            "'withdrawn' met 'date' en 'reason'",
            "complaint {id} was deleted; a complaint is never deleted: for a mistake, set "
            "'withdrawn' with 'date' and 'reason'",
        ),
        "audit.id_changed": (
            "het klachtnummer is gewijzigd van {old} in {new}; een nummer verandert nooit: zet het "
            "oude nummer terug",
            "the complaint number changed from {old} to {new}; a number never changes: put the "
            "old number back",
        ),
        "audit.renumbered": (
            "het klachtnummer is gewijzigd van {old} in {new}; een nummer verandert nooit: zet het "
            "oude nummer terug en verplaats het bestand terug naar {old_path}",
            "the complaint number changed from {old} to {new}; a number never changes: put the "
            "old number back and move the file back to {old_path}",
        ),
        "audit.received_changed": (
            "de ontvangstdatum is gewijzigd van {old} in {new}; die verandert nooit: zet de oude "
            "datum terug, en was die verkeerd, trek de klacht dan in ('withdrawn' met 'date' en "
            "'reason') en registreer hem opnieuw met de juiste datum ('klacht new --received')",
            "the date received changed from {old} to {new}; it never changes: put the old date "
            "back, and if it was wrong, withdraw the complaint ('withdrawn' with 'date' and 'reason') "
            "and register it again with the right date ('klacht new --received')",
        ),
        "audit.closed_changed": (
            "deze klacht is gesloten; {changed_fields} mag alleen wijzigen met een correctie "
            "(voeg onder 'corrections' een regel toe met 'date', 'by' en 'reason')",
            "this complaint is closed; {changed_fields} may only change with a correction (add "
            "an entry with 'date', 'by' and 'reason' under 'corrections')",
        ),
        "audit.closed_uncorrectable": (
            "deze klacht is gesloten; {changed_fields} mag ook met een correctie niet wijzigen",
            "this complaint is closed; {changed_fields} may not change, not even with a correction",
        ),
        "audit.closed_removed": (
            "een gesloten klacht blijft gesloten, ook met een correctie; is er opnieuw iets mis, "
            "registreer dan een nieuwe klacht",
            "a closed complaint stays closed, also with a correction; if something is wrong "
            "again, register a new complaint",
        ),
        "audit.withdrawn_changed": (
            "deze klacht is ingetrokken; {changed_fields} mag alleen wijzigen met een correctie "
            "(voeg onder 'corrections' een regel toe met 'date', 'by' en 'reason')",
            "this complaint is withdrawn; {changed_fields} may only change with a correction (add "
            "an entry with 'date', 'by' and 'reason' under 'corrections')",
        ),
        "audit.withdrawn_uncorrectable": (
            "deze klacht is ingetrokken; {changed_fields} mag ook met een correctie niet wijzigen",
            "this complaint is withdrawn; {changed_fields} may not change, not even with a "
            "correction",
        ),
        "audit.withdrawn_removed": (
            "een ingetrokken klacht blijft ingetrokken, ook met een correctie; gaat het toch om "
            "een klacht, registreer die dan als nieuwe klacht",
            "a withdrawn complaint stays withdrawn, also with a correction; if it is a complaint "
            "after all, register it as a new complaint",
        ),
        "audit.corrections_rewritten": (
            "eerdere correcties zijn gewijzigd of verwijderd; voeg alleen nieuwe toe",
            "earlier corrections were changed or removed; only add new ones",
        ),
        "audit.not_ancestor": (
            "{base} hoort niet bij de geschiedenis van deze versie: de geschiedenis is vervangen "
            "of herschreven, en dan kan niets aan het controlespoor bewezen worden; vergelijk met "
            "een versie waar deze op voortbouwt, en herstel de geschiedenis",
            "{base} is not in the history of this version: the history was replaced or "
            "rewritten, and then nothing of the audit trail can be proven; compare with a "
            "version this one builds on, and restore the history",
        ),
        "audit.setting_changed": (
            "de instelling {name} is gewijzigd ten opzichte van {base} ({old} → {new}); die "
            "bepaalt wat gecontroleerd wordt of wanneer gegevens weg mogen, dus controleert "
            "deze controle nog met {old}: laat de wijziging apart goedkeuren",
            "the setting {name} changed against {base} ({old} → {new}); it decides what is "
            "audited or when data may go, so this audit still uses {old}: have the change "
            "approved on its own",
        ),
        "audit.identity_decrypted": (
            "staat weer onversleuteld in het bestand, terwijl het versleuteld was; zet de "
            "versleutelde waarde terug (git checkout)",
            "is written back unencrypted, while it was encrypted; put the encrypted value back "
            "(git checkout)",
        ),
        "audit.shred_changed": (
            "het bewijs dat een sleutel vernietigd is (klacht shred) is gewijzigd of verwijderd "
            "sinds {base}; zet het terug",
            "the record that a key was destroyed (klacht shred) was changed or removed since "
            "{base}; put it back",
        ),
        "audit.personal_removed": (
            "persoonsgegevens verwijderd zonder 'klacht anonymize'; dat mag alleen na de "
            "bewaartermijn, met die opdracht",
            "personal data removed without 'klacht anonymize'; only allowed after the retention "
            "term, with that command",
        ),
        "audit.anonymized_early": (
            "geanonimiseerd vóór het einde van de bewaartermijn",
            "anonymized before the end of the retention term",
        ),
        "audit.anonymized_held": (
            "geanonimiseerd terwijl een juridische bewaarplicht gold (sinds {since}); hef die "
            "eerst op ('lifted: <datum>')",
            "anonymized while a legal hold applied (since {since}); lift it first "
            "('lifted: <date>')",
        ),
        "audit.legal_hold_changed": (
            "de juridische bewaarplicht is gewijzigd of verwijderd; die blijft staan zoals hij "
            "is vastgelegd: hef hem op door alleen 'lifted: <datum>' in te vullen",
            "the legal hold was changed or removed; it stays as it was recorded: lift it by "
            "only filling in 'lifted: <date>'",
        ),
        "audit.document_removed": (
            "document {name} is verwijderd; een document bij een klacht blijft bewaard (alleen "
            "'klacht anonymize' verwijdert ze na de bewaartermijn): zet het terug met 'git "
            'checkout {base} -- "{path}"\'',
            "document {name} was removed; a complaint's document is kept (only 'klacht "
            "anonymize' removes them after the retention term): put it back with 'git checkout "
            '{base} -- "{path}"\'',
        ),
        "audit.document_replaced": (
            "document {name} is gewijzigd; een document verandert nooit: zet het oude terug met "
            "'git checkout {base} -- \"{path}\"' en voeg de nieuwe versie toe als nieuw "
            "document ('klacht attach')",
            "document {name} was changed; a document never changes: put the old one back with "
            "'git checkout {base} -- \"{path}\"' and add the new version as a new document "
            "('klacht attach')",
        ),
        "records.collision": (
            "{id} is intussen ook op {ref} geregistreerd, voor een andere klacht; geef deze "
            "klacht een nieuw nummer met 'klacht renumber {path}'",
            "{id} was meanwhile also registered on {ref}, for another complaint; give this "
            "complaint a new number with 'klacht renumber {path}'",
        ),
    }
)


def _label_arg(lang: str, key: str, value: Any, field_path: str) -> Any:
    """Arguments named `*_field` or `*_fields` hold field paths: show their labels. `options`
    holds the allowed values of `field_path`: in Dutch each with its label, `phone (telefoon)`.
    `*_kind` names a kind of document file, `*_bytes` is a size."""
    if key.endswith("_field"):
        return field_label(lang, value)
    if key.endswith("_fields"):
        return ", ".join(field_label(lang, v) for v in value)
    if key.endswith("_bytes"):  # the size of a document file
        return documents.human_size(value, lang)
    if key.endswith("_kind"):  # a kind of document file
        return documents.MSG(lang, f"kind.{value}")
    if key == "options":
        return ", ".join(_option(lang, field_path, str(v)) for v in value)
    return value


def _option(lang: str, field_path: str, value: str) -> str:
    label = value_label(lang, field_path, value)
    return value if lang == "en" or label == value else f"{value} ({label})"


@dataclass(frozen=True)
class Problem:
    """One problem in one file. `line` and `column` are 1-based; `code` is a key of MSG."""

    path: str
    line: int
    column: int
    code: str
    args: dict[str, Any] = field(default_factory=dict)
    field: str = ""

    def text(self, lang: str) -> str:
        """The message in `lang`, prefixed by the field's label when there is one."""
        args = {k: _label_arg(lang, k, v, self.field) for k, v in self.args.items()}
        message = MSG(lang, self.code, **args)
        if not self.field:
            return message
        return f"{field_name(lang, self.field)}: {message}"

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "message": self.text(lang),
        }
