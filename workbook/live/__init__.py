"""The live room: participants in the meeting send ideas, causes, resources, profile
answers, comments and dots from their phones; the facilitator takes them in as they arrive.

* ``app``: the participant service (tornado), ``python -m workbook.live``
* ``settings``: its settings from the environment
* ``schema``: the ``live`` tables in PostgreSQL, their roles and grants
* ``forms``: a phone's form to a checked contribution item
* ``limits``: per-participant rate and total limits
* ``room``: the facilitator's side: sessions, the inbox, accept and reject
* ``cluster``: a throw-away PostgreSQL cluster for the demo hub, tests and the bench
* ``backend``: the one interface to where sessions and inbox are kept; the PostgreSQL one
* ``sqlite_inbox``: the same in the workbook file, for a live room run from a laptop
* ``laptop``: the participant service as a child process of the kernel (``LaptopService``)
* ``local_room``: start/stop the laptop's live room of a workbook (``LocalRoom``)
* ``polls``: the quick poll (one question, choices or a 1-5 scale)
* ``commands``: ``workbook live PATH``
"""
