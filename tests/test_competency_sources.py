"""Competency questions about sources, places, roles, names, links and background.

Each test states what a careful reader of the five documents (documents/) expects a stored query to
answer; the expected values are written from the documents, with the sentence they rest on quoted in a
comment, never copied from the query's output.
"""

from __future__ import annotations

from competency import DOC0, DOC1, DOC2, DOC3, DOC4, ID, column, rows


# ----------------------------------------------------------------------------- unnamed-sources

def test_unnamed_sources_are_the_anonymous_speakers_of_each_document(built):
    found = rows(built, "unnamed-sources")
    pairs = {(row["source"], row["document"]) for row in found}
    # 000: "The authors cite an unnamed senior alliance diplomat who raised a series of unresolved questions."
    assert (ID + "unnamed-senior-alliance-diplomat", DOC0) in pairs
    # 003: "“We have to recognise that this act and the council were created for a different era,” said one NATO official."
    assert (ID + "unnamed-nato-official", DOC3) in pairs
    # 003: "On Friday, a US government spokesman said that at the meeting, the ministers would try to outline ..."
    assert (ID + "unnamed-us-government-spokesman", DOC3) in pairs
    # 002: "a move interpreted as a lack of serious intent by many analysts"
    assert (ID + "unnamed-analysts", DOC2) in pairs
    # named speakers are not unnamed sources: "Kremlin spokesperson Dmitry Peskov told reporters ..." (001)
    assert ID + "dmitry-peskov" not in column(found, "source")
    assert ID + "politico" not in column(found, "source")


def test_unnamed_senior_diplomat_raised_three_questions_via_politico(built):
    found = [row for row in rows(built, "unnamed-sources") if row["source"] == ID + "unnamed-senior-alliance-diplomat"]
    # 000: "This official wondered how NATO should conduct any talks with Russia ..., whether the Russia-NATO
    # Council can still be considered a viable platform, or if the bloc would be forced to rely on the
    # United States as an intermediary." -- three questions, retold from Politico ("Journalists at Politico report")
    assert len(found) == 3
    assert {row["kind"] for row in found} == {"question"}
    assert {row["reported_via"] for row in found} == {"Politico"}
    assert any("viable platform" in row["quote"] for row in found)


def test_unnamed_sources_show_the_hedge_of_reported_claims(built):
    found = rows(built, "unnamed-sources", source="reports that the United States")
    # 001: "... following reports that the United States—under President Donald Trump—is considering reviving the forum"
    # the document passes the claim on as reports, not as its own finding
    assert len(found) == 1
    row = found[0]
    assert row["document"] == DOC1
    assert row["modality"] == "hedged" and row["hedge"] == "following reports that"
    assert "considering reviving the forum" in row["quote"]


def test_unnamed_nato_official_is_quoted_verbatim(built):
    found = rows(built, "unnamed-sources", source="one NATO official")
    # 003: "“We have to recognise that this act and the council were created for a different era,” said one NATO official."
    assert [row["said"] for row in found] == ["We have to recognise that this act and the council were created for a different era"]
    assert found[0]["modality"] == "asserted" and found[0]["hedge"] is None


# ----------------------------------------------------------------------------- places

def test_places_locate_the_summits_talks_and_attacks(built):
    found = rows(built, "places")
    located = {(row["place_label"], row["what"], row["document"]) for row in found}
    # 001: "The NATO-Russia Council was originally established during the 2002 NATO Summit in Rome"
    assert ("Rome", ID + "rome-summit-2002", DOC1) in located
    assert ("Rome", ID + "founding-of-the-nato-russia-council", DOC1) in located
    # 003: "next summer’s NATO summit in The Hague"
    assert ("The Hague", ID + "nato-summit-the-hague", DOC3) in located
    # 004: "NATO and Russia resumed talks in Brussels on Wednesday 20 April."
    assert ("Brussels", ID + "nato-russia-council-talks-brussels", DOC4) in located
    # 002: "dispatching a delegation to Istanbul"
    assert ("Istanbul", ID + "istanbul-peace-talks", DOC2) in located
    # 004: "the recent incident in the Baltic Sea where Russian aircraft were performing attack runs"
    assert ("Baltic Sea", ID + "uss-donald-cook-incident", DOC4) in located


def test_places_give_what_lies_within_another_place(built):
    found = rows(built, "places")
    within = {(row["what"], row["place"], row["document"]) for row in found if row["how"] == "located in it"}
    # 001: "the preceding civil conflict in Ukraine’s Donbas region"
    assert (ID + "donbas", ID + "ukraine", DOC1) in within
    # 004: "Russia has been dealing with such terrorist groups in the Caucasus, notably in Chechnya"
    assert (ID + "chechnya", ID + "caucasus", DOC4) in within
    # 004: "pose a threat to its military base at Kaliningrad"
    assert (ID + "kaliningrad-military-base", ID + "kaliningrad", DOC4) in within
    # an event is not a place that something lies in
    assert all(row["how"] == "took place there" for row in found if row["what"] == ID + "nato-russia-council-talks-brussels")


def test_places_for_brussels_are_the_council_talks_and_the_attacks(built):
    found = rows(built, "places", place="Brussels")
    # 004: "NATO and Russia resumed talks in Brussels on Wednesday 20 April." and "Recent terrorist attacks in
    # Western Europe, notably in Paris and Brussels" -- no other document places anything in Brussels
    assert column(found, "what") == {ID + "nato-russia-council-talks-brussels", ID + "terrorist-attacks-in-western-europe"}
    assert column(found, "document") == {DOC4}


# ----------------------------------------------------------------------------- roles

def test_roles_are_given_in_the_documents_words(built):
    found = rows(built, "roles")
    roles = {(row["person_label"], row["role"], row["role_in_label"], row["document"]) for row in found}
    # 001: "Kremlin spokesperson Dmitry Peskov told reporters ..."
    assert ("Dmitry Peskov", "Kremlin spokesperson", "Kremlin", DOC1) in roles
    # 001: "Ukrainian President Viktor Yanukovych’s ousting"
    assert ("Viktor Yanukovych", "Ukrainian President", "Ukraine", DOC1) in roles
    # 002: "Ukrainian President Volodymyr Zelensky has signaled openness to peace talks"
    assert ("Volodymyr Zelensky", "Ukrainian President", "Ukraine", DOC2) in roles
    # 000: "William Moore, Editor" (the byline names no organisation)
    assert ("William Moore", "Editor", None, DOC0) in roles
    # 002: "President Vladimir Putin has delegated his aide Vladimir Medinsky"
    assert any(person == "Vladimir Medinsky" and role == "aide" for person, role, _, _ in roles)
    # Peskov is only ever the Kremlin spokesperson, never a president
    assert not any(person == "Dmitry Peskov" and "President" in role for person, role, _, _ in roles)


def test_roles_of_putin_by_document(built):
    found = rows(built, "roles", person="Putin")
    # 001: "a draft proposal submitted by President Vladimir Putin"; 002: "President Vladimir Putin has
    # delegated his aide"; 003: "In September 2024, Russian President Vladimir Putin announced ..."
    assert {(row["role"], row["document"]) for row in found} == {
        ("President", DOC1), ("President", DOC2), ("Russian President", DOC3)}
    assert column(found, "person") == {ID + "vladimir-putin"}
    assert {row["role_in"] for row in found if row["role"] == "Russian President"} == {ID + "russia"}


def test_roles_include_unnamed_officials(built):
    found = rows(built, "roles")
    roles = {(row["person"], row["role_in"]) for row in found}
    # 000: "an unnamed senior alliance diplomat" -- the alliance is NATO
    assert (ID + "unnamed-senior-alliance-diplomat", ID + "nato") in roles
    # 003: "a US government spokesman"
    assert (ID + "unnamed-us-government-spokesman", ID + "united-states") in roles
