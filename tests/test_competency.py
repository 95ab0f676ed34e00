"""Competency questions: each stored query answers its question with what the documents say.

Expected rows are written from the documents (quotes and facts a reader can check in documents/),
not copied from the queries' output.
"""

from __future__ import annotations

from competency import DOC0, DOC1, DOC2, DOC3, DOC4, ID, column, rows


def test_council_revival_names_who_proposed_and_who_rejected(built):
    found = rows(built, "council-revival")
    stances = {(row["actor_label"], row["stance"]) for row in found}
    # "The Kremlin on Friday rejected the possibility of rejoining the NATO-Russia Council" (001)
    assert ("Kremlin", "rejection") in stances
    # "reports that the United States ... is considering reviving the forum" (001)
    assert any(actor == "United States" and stance in ("proposal", "proposed") for actor, stance in stances)
    # nobody speaks for every entity: each actor is one the claim names
    assert len(found) < 20
