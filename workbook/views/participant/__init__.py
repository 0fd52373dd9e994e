"""The participant app served by Voila: the page, its sections and the read-only state it
shows (``app.ParticipantView`` is what ``notebooks/participant.ipynb`` displays)."""
