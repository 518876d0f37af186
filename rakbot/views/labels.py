"""Labels a person reads for the codes the bot stores (roles, audit actions, answers, states).

German source texts marked for the catalog: /protokoll and the member card translate them, the
data export (/meine_daten) writes them in German, so that nobody has to decode
`representative` or `member.added`.
"""

from __future__ import annotations

from rakbot.i18n import N_

ROLE_LABELS: dict[str, str] = {
    "representative": N_("Vertretung (stimmberechtigt)"),
    "deputy": N_("Stellvertretung"),
    "guest": N_("Gast"),
    "coordinator": N_("Regionale Koordination"),
}
ACTIONS = {
    "member.added": N_("aufgenommen"),
    "member.role_changed": N_("Rolle geändert"),
    "member.moved": N_("Institution gewechselt"),
    "member.coordinator_changed": N_("Koordination geändert"),
    "member.deactivated": N_("deaktiviert"),
    "member.renamed": N_("Name geändert"),
    "member.phone_changed": N_("Telefonnummer geändert"),
    "member.joined_group": N_("der Gruppe beigetreten"),
    "member.removed_from_group": N_("aus der Gruppe entfernt"),
    "member.calendar_renewed": N_("Kalender-Abo neu erzeugt"),
    "member.calendar_revoked": N_("Kalender-Abo beendet"),
    "member.pseudonymised": N_("Daten gelöscht (pseudonymisiert)"),
    "member.unreachable": N_("für den Bot nicht erreichbar"),
    "member.coordinator_from_settings": N_("Koordination aus den Einstellungen"),
    "invite.created": N_("Einladungslink erstellt"),
    "invite.revoked": N_("Einladungslink zurückgezogen"),
    "invite.used": N_("Einladung angenommen"),
    "institution.added": N_("Institution angelegt"),
    "institution.renamed": N_("Institution umbenannt"),
    "institution.vote_changed": N_("Stimmrecht geändert"),
    "committee.group_bound": N_("Gruppe verbunden"),
    "committee.group_migrated": N_("Gruppe zur Supergruppe umgewandelt"),
    "committee.created": N_("Gremium angelegt"),
    "roster.imported": N_("Verzeichnis importiert"),
    "committee.reminder_offsets": N_("Erinnerungszeiten geändert"),
    "meeting.created": N_("Sitzung geplant"),
    "meeting.moved": N_("Sitzung verschoben"),
    "meeting.edited": N_("Sitzung geändert"),
    "meeting.cancelled": N_("Sitzung abgesagt"),
    "meeting.answered": N_("Rückmeldung zur Sitzung"),
    "meeting.chair_set": N_("Vorsitz eingetragen"),
    "minutes.produced": N_("Niederschrift erstellt"),
    "minutes.approved": N_("Niederschrift genehmigt"),
    "document.attached": N_("Unterlage angehängt"),
    "document.replaced": N_("Unterlage ersetzt"),
    "document.removed": N_("Unterlage entfernt"),
    "proposal.created": N_("Antrag erfasst"),
    "proposal.edited": N_("Antrag geändert"),
    "proposal.withdrawn": N_("Antrag zurückgezogen"),
    "ballot.created": N_("Abstimmung gestartet"),
    "ballot.vote_cast": N_("Stimme abgegeben"),
    "ballot.vote_changed": N_("Stimme geändert"),
    "ballot.conflict": N_("Befangenheit"),
    "ballot.conflict_withdrawn": N_("Befangenheit zurückgenommen"),
    "ballot.consent": N_("Zustimmung zum Umlaufverfahren"),
    "ballot.objection": N_("Widerspruch gegen das Umlaufverfahren"),
    "ballot.voting_started": N_("Stimmabgabe eröffnet"),
    "ballot.closed": N_("Abstimmung geschlossen"),
    "ballot.message_edited": N_("Abstimmungsnachricht aktualisiert"),
    "round.created": N_("Wettbewerb angelegt"),
    "round.scoring_not_quorate": N_("Bewertung nicht beschlussfähig"),
    "round.selection_not_confirmed": N_("Auswahl nicht bestätigt"),
    "round.decided": N_("Wettbewerb entschieden"),
    "appointment.requested": N_("Terminanfrage eingegangen"),
    "appointment.answered": N_("Terminanfrage beantwortet"),
    "appointment.proposed": N_("Termin vorgeschlagen"),
    "appointment.confirmed": N_("Termin zugesagt"),
    "appointment.declined": N_("Termin abgesagt"),
    "appointment.done": N_("Terminanfrage erledigt"),
    "appointment.anonymised": N_("Terminanfrage nach Ablauf der Frist anonymisiert"),
}
#: audit subjects "meeting:3" and the like, as the reader knows them
SUBJECTS = {
    "meeting": N_("Sitzung Nr. {n}"),
    "ballot": N_("Abstimmung Nr. {n}"),
    "round": N_("Wettbewerb Nr. {n}"),
    "proposal": N_("Antrag Nr. {n}"),
    "invite": N_("Einladung Nr. {n}"),
}
#: subjects that mean nothing to a reader (a Telegram chat id)
#: why a ballot closed without anyone closing it (audit detail `reason` of `ballot.closed`)
CLOSE_REASONS = {
    "all_voted": N_("alle haben abgestimmt"),
    "deadline": N_("Frist abgelaufen"),
    "objection": N_("Widerspruch gegen das Umlaufverfahren"),
}
HIDDEN_SUBJECTS = frozenset({"committee.group_bound"})
#: answers to a meeting (table rsvps)
MEETING_ANSWERS = {
    "yes": N_("Zusage"),
    "no": N_("Absage"),
    "proxy": N_("Stellvertretung kommt"),
}
#: a stored vote's choice in a yes/no decision
DECISION_CHOICES = {"yes": N_("Ja"), "no": N_("Nein"), "abstain": N_("Enthaltung")}
#: the states of an appointment request
APPOINTMENT_STATES = {
    "new": N_("eingegangen"),
    "answered": N_("beantwortet"),
    "proposed": N_("Termin vorgeschlagen"),
    "confirmed": N_("Termin zugesagt"),
    "declined": N_("Termin abgesagt"),
    "done": N_("erledigt"),
}
#: unfinished dialogs, by kind
DIALOG_KINDS = {
    "appointment": N_("Terminanfrage"),
    "appointment_reply": N_("Antwort auf eine Terminanfrage"),
    "appointment_proposal": N_("Terminvorschlag"),
    "ballot": N_("Neue Abstimmung"),
    "document": N_("Unterlage anhängen"),
    "erase": N_("Daten löschen"),
    "join": N_("Beitritt über Einladung"),
    "meeting_new": N_("Neue Sitzung"),
    "proposal": N_("Neuer Antrag"),
    "round_new": N_("Neuer Wettbewerb"),
}
LANGUAGES = {"de": N_("Deutsch"), "en": N_("Englisch")}
