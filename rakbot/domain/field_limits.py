"""How long each typed field may be, and how a phone number or e-mail address must look.

One place for the rules that handlers check typed text against and services (the roster
import) check a file's cells against; the columns in `storage/models.py` are sized to hold the
maximum.
"""

from __future__ import annotations

import re

from rakbot.domain.text_input import Bounds

#: a meeting's place or video link
MEETING_PLACE = Bounds(2, 300)
#: who chairs a meeting, with institution or office ("Dr. Maria Beispiel (IHK)")
MEETING_CHAIR = Bounds(2, 200)
#: a person's name in the roster (typed after an invitation, or a cell of a roster import)
MEMBER_NAME = Bounds(2, 200)
#: an e-mail address in the roster
EMAIL_MAX = 200
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
#: a phone number in the roster: digits, spaces and / ( ) -, with an optional leading +
PHONE_SHAPE = re.compile(r"^[+0-9][0-9 /()\-]{4,39}$")
#: an institution's name, and its short name (taken from the name when none is given)
INSTITUTION_NAME = Bounds(2, 200)
INSTITUTION_SHORT_NAME = Bounds(2, 60)
#: a competition round's name
ROUND_NAME = Bounds(3, 200)
#: the fields of an appointment request
APPOINTMENT_FIELDS = {
    "name": Bounds(2, 100),
    "topic": Bounds(3, 1000),
    "contact": Bounds(5, 200),
    "preferred_days": Bounds(2, 200),
}
#: the office's reply to an appointment request (fits one message with its heading)
APPOINTMENT_REPLY = Bounds(2, 3000)
#: the typed fields of a proposal (the chat's dialog and the Mini App's form)
PROPOSAL_FIELDS = {
    "title": Bounds(3, 300),
    "applicant": Bounds(2, 300),
    "duration": Bounds(1, 200),
    "description": Bounds(1, 2000),
}
