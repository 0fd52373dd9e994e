"""One view per step of the facilitator's journey, each the body of one notebook."""
