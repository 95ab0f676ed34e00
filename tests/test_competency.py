"""Competency questions: each stored query answers its question with what the documents say.

Expected rows are written from the documents (each test quotes the sentence it relies on), not copied
from the queries' output. `rows()` fails on an empty answer.
"""

from __future__ import annotations

from competency import DOC0, DOC1, DOC2, DOC3, DOC4, ID, NRKG, column, rows


def test_timeline_of_the_council_is_sorted_across_date_precisions(built):
    found = rows(built, "timeline")
    dated = [row for row in found if row["earliest"]]
    assert [row["earliest"] for row in dated] == sorted(row["earliest"] for row in dated)
    # a year (2002), a month (January 2022) and a year again (2022) interleave by their intervals
    dates = [row["date"] for row in dated]
    assert dates[0] == "2002"  # "originally established during the 2002 NATO Summit in Rome" (001)
    assert "2022-01" in dates  # "effectively ceased its work in January 2022" (000)
    assert dates.index("2014") < dates.index("2022-01") < dates.index("2022")
    # "The Kremlin on Friday rejected ..." (001) has no year: it comes after every dated row
    undated = found[len(dated):]
    assert undated and all(not row["earliest"] for row in undated)
    assert any(row["date_as_written"] == "on Friday" for row in undated)


def test_timeline_keeps_each_documents_dating_of_the_council_stopping(built):
    stops = {(row["document"], row["date"]) for row in rows(built, "timeline")
             if row["what"] == "rendering the council inactive"}
    assert (DOC0, "2022-01") in stops  # "effectively ceased its work in January 2022"
    assert (DOC1, "2014") in stops  # "that same month ... effectively rendering the council inactive"
    assert (DOC2, "2022-01") in stops  # "The Council has not met since January 2022."


def test_timeline_of_another_entity_by_name(built):
    found = rows(built, "timeline", entity="Crimea")
    # "Tensions reached a critical point in 2014 after Russia annexed Crimea" (001)
    assert {"2014", "2014-02"} <= column(found, "date")  # "the annexation of Crimea in February 2014" (004)
    assert "2002" not in column(found, "date")


def test_chronology_orders_every_documents_events(built):
    found = rows(built, "chronology")
    labels = [row["event_label"] for row in found]
    # 001: "first with the 2004 Orange Revolution ..., then with the brief 2008 war between Russia and
    # Georgia, and later over NATO's 2011 bombing of Libya"
    assert labels.index("Orange Revolution") < labels.index("2008 war between Russia and Georgia") \
        < labels.index("bombing of Libya") < labels.index("annexation of Crimea")
    # the 2008 war is told by three documents, each kept
    assert {row["document"] for row in found if row["event_label"] == "2008 war between Russia and Georgia"} \
        == {DOC1, DOC2, DOC3}
    # "next week" (003) has no year: last, with its words
    assert found[-1]["earliest"] is None
    assert "next week" in {row["date_as_written"] for row in found if row["earliest"] is None}


def test_events_in_2014_are_the_annexation_and_its_consequences(built):
    found = rows(built, "events-by-year", year="2014")
    labels = column(found, "event_label")
    assert {"annexation of Crimea", "NATO suspended all practical cooperation"} <= labels
    assert "2008 war between Russia and Georgia" not in labels
    # 004: "the annexation of Crimea in February 2014" keeps its month
    assert any(row["document"] == DOC4 and row["date"] == "2014-02" for row in found)


def test_events_by_type_meeting_includes_summits_and_talks(built):
    found = rows(built, "events-by-type", type="nrkg:Meeting")
    labels = column(found, "event_label")
    # "NATO defence ministers will gather for an important meeting next week" (003)
    assert "important meeting" in labels
    # "during the 2002 NATO Summit in Rome" (001): a summit is a meeting
    assert "2002 NATO Summit" in labels
    assert "annexation of Crimea" not in labels


def test_events_by_type_war(built):
    labels = column(rows(built, "events-by-type", type="nrkg:War"), "event_label")
    assert "2008 war between Russia and Georgia" in labels  # "the brief 2008 war between Russia and Georgia"
    assert "NRC talks" not in labels


def test_talks_in_brussels_keep_both_candidate_years(built):
    # "NATO and Russia resumed talks in Brussels on Wednesday 20 April" (004): 20 April fell on a
    # Wednesday in 2016 and in 2022, so the interval spans both candidates
    talks = [row for row in rows(built, "events-by-type", type="nrkg:Talks")
             if row["event_label"] == "NRC talks" and row["date_as_written"]]
    assert [(row["earliest"], row["latest"]) for row in talks] == [("2016-04-20", "2022-04-20")]


def test_agreement_provisions_of_the_founding_act(built):
    found = rows(built, "agreement-provisions")
    act = [row for row in found if row["agreement"] == ID + "founding-act-1997"]
    # "the 1997 Founding Act, which provided for NATO-Russia cooperation to “create a stable, peaceful
    # and united Europe”" (003)
    assert any(row["provision"] and "stable, peaceful and united Europe" in row["provision"] for row in act)
    assert {row["document"] for row in act} == {DOC3}
    assert "1997" in column(act, "date")


def test_conflicts_pair_the_documents_that_date_the_council_stopping_differently(built):
    found = rows(built, "conflicts")
    stops = {(row["value_1"], row["document_1"], row["value_2"], row["document_2"]) for row in found
             if row["about"] == ID + "nato-russia-council-stoppage" and row["property"] == NRKG + "date"}
    # 000: "ceased its work in January 2022"; 001: "that same month" (2014)
    assert ("2022-01", DOC0, "2014", DOC1) in stops
    for row in found:
        assert row["quote_1"] and row["quote_2"] and row["document_1"] < row["document_2"]


def test_council_revival_names_who_proposed_and_who_rejected(built):
    found = rows(built, "council-revival")
    stances = {(row["actor_label"], row["stance"]) for row in found}
    # "The Kremlin on Friday rejected the possibility of rejoining the NATO-Russia Council" (001)
    assert ("Kremlin", "rejection") in stances
    # "The United States has reportedly proposed reviving the NATO-Russia Council" (002)
    assert ("United States", "proposed") in stances
    proposal = next(row for row in found if row["actor_label"] == "United States" and row["document"] == DOC2)
    assert proposal["modality"] == "hedged" and proposal["hedge"] == "reportedly"
    # "has already provoked criticism and deep concern in Ukraine and Eastern Europe" (002)
    assert any(row["stance"] == "assessment" and row["polarity"] == "negative" for row in found)
    # every actor is one a claim names: no row for an entity the documents do not tie to the revival
    assert not column(found, "actor_label") & {"Georgia", "Libya", "Taliban"}


def test_documents_are_the_five_sources(built):
    found = rows(built, "documents")
    assert column(found, "document") == {DOC0, DOC1, DOC2, DOC3, DOC4}
    # 004's headline: "Failure of the NATO-Russia Council"
    assert "Failure of the NATO-Russia Council" in column(found, "title")


def test_entity_by_an_alternative_name_shows_names_claims_and_background(built):
    found = rows(built, "entity", entity="NRC")
    sections = column(found, "section")
    assert {"1 type", "2 name", "3 claim"} <= sections
    names = {row["value"] for row in found if row["section"] == "2 name"}
    # 000 writes "Russia-NATO Council" and "Russia–NATO Council"; 002 writes "NRC"
    assert {"NATO-Russia Council", "Russia-NATO Council", "NRC"} <= names
    assert {row["document"] for row in found if row["section"] == "3 claim"} == {DOC0, DOC1, DOC2, DOC3, DOC4}


def test_evidence_for_the_council_quotes_every_document(built):
    found = rows(built, "evidence")
    assert column(found, "document") == {DOC0, DOC1, DOC2, DOC3, DOC4}
    assert "The Council has not met since January 2022." in column(found, "quote")
    for row in found:
        assert int(row["start"]) < int(row["end"])


def test_outlets_and_the_documents_that_cite_them(built):
    pairs = {(row["outlet_label"], row["document"]) for row in rows(built, "outlets")}
    assert ("Politico", DOC0) in pairs  # "Journalists at Politico report ..."
    assert ("Bloomberg", DOC2) in pairs  # "This proposal, revealed by Bloomberg on May 15"
    assert ("VICE News", DOC4) in pairs  # "according to a news report by VICE news"
    assert ("Politico", DOC3) in pairs  # "..., Politico reports"


def test_dates_as_written_keep_relative_times_and_the_reasoning_for_inferred_ones(built):
    found = rows(built, "dates-as-written")
    assert "next week" in column(found, "as_written")  # 003
    same_month = [row for row in found if row["as_written"] == "that same month"]
    assert same_month and all(row["inferred"] == "true" and row["reasoning"] for row in same_month)


def test_statements_by_peskov(built):
    found = rows(built, "statements", speaker="Peskov")
    assert column(found, "speaker_label") == {"Dmitry Peskov"}
    # the one verbatim quotation in 001
    assert ("It is difficult to talk about resuming any kind of dialogue with NATO when it is effectively "
            "at war with the Russian Federation") in column(found, "quotation")
    assert column(found, "document") == {DOC1}


def test_statements_about_a_topic(built):
    found = rows(built, "statements", topic="reviving the NATO-Russia Council")
    speakers = column(found, "speaker_label")
    assert "Kremlin" in speakers  # rejected rejoining (001)
    assert all("reviving the NATO-Russia Council" in row["topics"].split("; ") for row in found)


# -- the relation, cause, participant and hedging queries


def test_relations_name_the_members_of_nato_the_documents_mention(built):
    found = rows(built, "relations", relation="nrkg:memberOf", entity="NATO")
    # "the positions of Hungary and Slovakia, countries that sometimes do not support the consensus
    # within NATO" (003); "Turkey, an important NATO member" (004)
    assert column(found, "subject_label") == {"Hungary", "Slovakia", "Turkey"}
    assert column(found, "relation_label") == {"member of"}


def test_relations_keep_the_documents_hedging_and_whose_view_it_is(built):
    war = rows(built, "relations", relation="nrkg:atWarWith")
    # “... when it is effectively at war with the Russian Federation,” Peskov said (001)
    assert [(row["subject_label"], row["object_label"], row["modality"], row["hedge"], row["according_to"])
            for row in war] == [("NATO", "Russia", "hedged", "effectively", "Dmitry Peskov")]


def test_causes_of_the_council_becoming_inactive(built):
    found = rows(built, "causes")
    direct = {(row["cause_label"], row["document"]) for row in found if row["depth"] == "1"}
    # 004: "Since the annexation of Crimea the NATO-Russia council (NRC) suspended their activities"
    assert ("annexation of Crimea", DOC4) in direct
    # 001: "NATO formally suspended all military and political cooperation ..., effectively rendering
    # the council inactive"
    assert ("NATO suspended all practical cooperation", DOC1) in direct
    # one step further back, 002: "the breaking point came in 2014, when Russia illegally annexed Crimea
    # and launched a proxy war in eastern Ukraine. In response, NATO suspended all practical cooperation"
    second = {(row["cause_label"], row["effect_label"]) for row in found if row["depth"] == "2"}
    assert ("conflict in Ukraine’s Donbas region", "NATO suspended all practical cooperation") in second
    # "the war in Afghanistan" led to nothing in this chain
    assert "war in Afghanistan" not in column(found, "cause_label")


def test_causes_of_the_deterioration_list_each_documents_turning_points(built):
    found = rows(built, "causes", event="relations steadily deteriorated")
    by_document = {}
    for row in found:
        if row["depth"] == "1":
            by_document.setdefault(row["document"], set()).add(row["cause_label"])
    # 001: the Orange Revolution, the 2008 war, the bombing of Libya, the civil war in Syria, Crimea
    assert {"Orange Revolution", "2008 war between Russia and Georgia", "bombing of Libya",
            "civil war in Syria", "annexation of Crimea"} <= by_document[DOC1]
    # 003: "starting with the war in Georgia in 2008 and the subsequent annexation of Crimea in 2014"
    assert {"2008 war between Russia and Georgia", "annexation of Crimea"} <= by_document[DOC3]
    assert "Orange Revolution" not in by_document[DOC3]


def test_participants_of_the_brussels_talks(built):
    found = rows(built, "participants", event="NRC talks")
    # "NATO and Russia resumed talks in Brussels" (004)
    assert {row["who_label"] for row in found if row["role"] == "participant"} == {"NATO", "Russia"}
    assert column(found, "document") == {DOC4}


def test_participants_of_the_2008_war_differ_in_wording_between_documents(built):
    found = rows(built, "participants", event="2008 war between Russia and Georgia")
    roles = {(row["document"], row["role"], row["who_label"]) for row in found}
    # 001: "the brief 2008 war between Russia and Georgia": two parties
    assert {(DOC1, "participant", "Russia"), (DOC1, "participant", "Georgia")} <= roles
    # 002: "Russia’s 2008 invasion of Georgia": an invader and a victim
    assert {(DOC2, "agent", "Russia"), (DOC2, "affected", "Georgia")} <= roles


def test_hedged_claims_keep_the_documents_words(built):
    found = rows(built, "hedged")
    cues = {(row["document"], row["hedge"]) for row in found}
    assert (DOC2, "reportedly") in cues  # "The United States has reportedly proposed ..."
    assert (DOC1, "effectively") in cues  # "effectively rendering the council inactive"
    assert (DOC3, "could") in cues  # "where a new strategy could be approved"
    assert NRKG + "Asserted" not in column(found, "modality")


def test_hedged_denied_only(built):
    found = rows(built, "hedged", modality="nrkg:Denied")
    # "NATO has not yet cancelled the document signed in 1997" (003)
    assert [(row["document"], row["about"]) for row in found] == [(DOC3, "NATO cancelled Founding Act")]


def test_a_contradicting_claim_added_to_a_document_appears_in_conflicts(tmp_path, monkeypatch, built):
    """conflicts finds disagreements in the data: a new claim that dates the 2008 war to 2009 in 003
    shows up paired with each document that says 2008, and the shipped graph has no such row."""
    from nrkg.build.pipeline import ensure_built
    from support import copy_data

    def war_dates(found):
        return {(row["document_1"], row["value_1"], row["document_2"], row["value_2"]) for row in found
                if row["about"] == ID + "georgia-war-2008" and row["property"] == NRKG + "date"}

    assert war_dates(rows(built, "conflicts")) == set()
    data = copy_data(tmp_path / "data")
    doc3 = next((data / "graph" / "documents").glob("003_*.ttl"))
    doc3.write_text(doc3.read_text(encoding="utf-8") + """
c:fixture-contradicting-date a nrkg:EventDescription ;
    nrkg:describes id:georgia-war-2008 ;
    nrkg:date "2009"^^xsd:gYear ;
    nrkg:modality nrkg:Asserted ;
    nrkg:hasEvidence [ oa:exact "the war in Georgia in 2008" ] .
""", encoding="utf-8")
    monkeypatch.setenv("NRKG_DATA", str(data))
    changed = ensure_built(tmp_path / "out")
    found = war_dates(rows(changed, "conflicts"))
    assert found == {(DOC1, "2008", DOC3, "2009"), (DOC2, "2008", DOC3, "2009")}
