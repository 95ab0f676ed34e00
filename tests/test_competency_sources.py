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


# ----------------------------------------------------------------------------- reliability

def test_reliability_gives_what_document_000_says_about_itself(built):
    found = [row for row in rows(built, "reliability") if row["document"] == DOC0]
    said = {(row["aspect"], row["value"]) for row in found}
    # 000 opens with two different titles: "NATO’s Unanswered Question: Talking to Russia After War" and
    # "NATO Unsure How to Reopen Dialogue With Russia After the Ukraine Conflict"
    assert ("title", "NATO’s Unanswered Question: Talking to Russia After War") in said
    assert ("title", "NATO Unsure How to Reopen Dialogue With Russia After the Ukraine Conflict") in said
    # "William Moore, Editor"
    assert ("byline", "William Moore, Editor") in said
    # two publication times as written: "2025-12-03T07:28:14+03:00" and "10:28 03-12-2025"
    assert ("published as written", "2025-12-03T07:28:14+03:00") in said
    assert ("published as written", "10:28 03-12-2025") in said
    # "Politico reports that NATO still lacks a clear format ..."
    assert ("cites outlet", "Politico") in said


def test_reliability_flags_the_confusable_host_name_of_document_000(built):
    found = rows(built, "reliability", document="000")
    # 000 shows the host name "www.prеsidеnt.gоv.uа", whose е, о and а are Cyrillic letters: it only looks like
    # the Ukrainian president's site www.president.gov.ua
    host = "www.pr\u0435sid\u0435nt.g\u043ev.u\u0430"
    findings = [row for row in found if row["aspect"].startswith("reliability finding")]
    assert len(findings) == 1
    finding = findings[0]
    assert finding["value"] == host and finding["quote"] == host
    assert finding["imitates"] == "www.president.gov.ua"
    assert finding["punycode"].startswith("www.xn--") and finding["punycode"].isascii()
    assert set(finding["scripts"].split(", ")) == {"CYRILLIC", "LATIN"}
    # the host name as written is not the ASCII one it imitates
    assert ("host name", host) in {(row["aspect"], row["value"]) for row in found}
    assert "www.president.gov.ua" not in column(found, "value")


def test_reliability_names_the_outlets_each_document_cites(built):
    found = rows(built, "reliability")
    cited = {(row["document"], row["value"]) for row in found if row["aspect"] == "cites outlet"}
    # 002: "This proposal, revealed by Bloomberg on May 15"; 003: "..., Politico reports";
    # 004: "according to a news report by VICE news"
    assert {(DOC2, "Bloomberg"), (DOC3, "Politico"), (DOC4, "VICE News")} <= cited
    # 001 gives no title, byline, date or outlet of its own
    assert DOC1 not in column(found, "document")
    # only 000 shows a host name, so only 000 has a reliability finding
    assert {row["document"] for row in found if row["aspect"].startswith("reliability finding")} == {DOC0}


# ----------------------------------------------------------------------------- speakers

def test_speakers_count_peskovs_statements_in_document_001(built):
    by_speaker = {row["speaker"]: row for row in rows(built, "speakers")}
    peskov = by_speaker[ID + "dmitry-peskov"]
    # 001: Peskov "told reporters that there is no basis for dialogue with NATO at this time"; "“It is difficult
    # to talk about resuming any kind of dialogue with NATO ...,” Peskov said"; "He also noted that Russia had
    # not received any formal invitation"; "Peskov suggested on Friday that dialogue ... may eventually be
    # necessary"; "He referenced a draft proposal" -- five statements, one of them quoted word for word
    assert int(peskov["statements"]) == 5
    assert int(peskov["quoted"]) == 1 and int(peskov["paraphrased"]) == 4
    assert int(peskov["document_count"]) == 1 and peskov["documents"] == DOC1


def test_speakers_show_the_kremlin_speaking_in_three_documents(built):
    by_speaker = {row["speaker"]: row for row in rows(built, "speakers")}
    kremlin = by_speaker[ID + "kremlin"]
    # 001: "The Kremlin on Friday rejected the possibility of rejoining the NATO-Russia Council"; 002: "the Kremlin
    # demands permanent exclusion of Ukraine from NATO"; 003: "the Kremlin continues to claim that NATO’s eastward
    # expansion is a threat to its existence"
    assert int(kremlin["document_count"]) == 3
    assert kremlin["documents"].split(" ") == [DOC1, DOC2, DOC3]
    # Politico is retold in 000 ("Journalists at Politico report") and in 003 ("..., Politico reports")
    politico = by_speaker[ID + "politico"]
    assert politico["documents"].split(" ") == [DOC0, DOC3]
    # one NATO official is only quoted: "“We have to recognise that this act and the council were created for a
    # different era,” said one NATO official." (003)
    official = by_speaker[ID + "unnamed-nato-official"]
    assert (int(official["statements"]), int(official["quoted"])) == (1, 1)


def test_speakers_are_ordered_most_heard_first(built):
    found = rows(built, "speakers")
    counts = [int(row["statements"]) for row in found]
    assert counts == sorted(counts, reverse=True)
    # people who never speak in the documents are not speakers: Yanukovych is only ousted (001)
    assert ID + "viktor-yanukovych" not in column(found, "speaker")


# ----------------------------------------------------------------------------- names

def test_names_of_the_council_differ_by_document(built):
    found = rows(built, "names")
    names = {(row["document"], row["name"]) for row in found}
    # 000: "debates reviving the Russia–NATO Council" (en dash) and "whether it makes sense to revive the
    # Russia-NATO Council" (hyphen)
    assert {(DOC0, "Russia–NATO Council"), (DOC0, "Russia-NATO Council")} <= names
    # 002: title "U.S. Proposes to Revive NATO Russia Council ..." and "the NATO-Russia Council (NRC)"
    assert {(DOC2, "NATO Russia Council"), (DOC2, "NATO-Russia Council"), (DOC2, "NRC")} <= names
    # 004: "the NATO-Russia council (NRC)"
    assert (DOC4, "NRC") in names
    # 000 never writes "NATO-Russia Council" nor "NRC"; 001 and 003 never write "NRC"
    assert not {(DOC0, "NATO-Russia Council"), (DOC0, "NRC"), (DOC1, "NRC"), (DOC3, "NRC")} & names
    assert column(found, "entity") == {ID + "nato-russia-council"}


def test_names_quote_where_each_name_first_occurs(built):
    found = rows(built, "names")
    by_name = {(row["document"], row["name"]): row for row in found}
    # 002: "The United States has reportedly proposed reviving the NATO-Russia Council (NRC)"
    assert "(NRC)" in by_name[(DOC2, "NRC")]["quote"]
    # the corpus first writes "NRC" in 002 and "NATO-Russia Council" in 001 ("The Kremlin on Friday rejected the
    # possibility of rejoining the NATO-Russia Council")
    assert by_name[(DOC4, "NRC")]["first_attested_in"] == DOC2
    assert by_name[(DOC3, "NATO-Russia Council")]["first_attested_in"] == DOC1
    assert by_name[(DOC1, "NATO-Russia Council")]["preferred"] == "preferred"


def test_names_match_whole_words_only(built):
    found = rows(built, "names", entity="United States")
    names = {(row["document"], row["name"]) for row in found}
    # 003: "a US government spokesman"; 001: "Russia allowed the U.S. to use bases"
    assert (DOC3, "US") in names and (DOC1, "U.S.") in names
    # "US" inside "Russia" is no name: 000 says "United States" ("rely on the United States as an intermediary")
    # but never "US"
    assert (DOC0, "United States") in names
    assert (DOC0, "US") not in names


def test_names_include_the_ukrainian_spelling_of_nato(built):
    found = rows(built, "names", entity="NATO")
    # 003's page furniture: "Країни-члени НАТО"
    assert any(row["document"] == DOC3 and row["name"] == "НАТО" and "НАТО" in row["quote"] for row in found)
    assert {row["document"] for row in found if row["name"] == "NATO"} == {DOC0, DOC1, DOC2, DOC3, DOC4}


# ----------------------------------------------------------------------------- external-links

WIKIDATA = "http://www.wikidata.org/entity/"
DBPEDIA = "http://dbpedia.org/resource/"


def test_external_links_identify_the_main_actors(built):
    found = rows(built, "external-links")
    links = {(row["entity"], row["link"], row["target"]) for row in found}
    # the alliance every document names ("NATO") is Wikidata's Q7184; "Russia" is Q159; "the United States"
    # (000, 001, 002) is Q30 and DBpedia's United_States
    assert (ID + "nato", "exact match", WIKIDATA + "Q7184") in links
    assert (ID + "russia", "exact match", WIKIDATA + "Q159") in links
    assert (ID + "united-states", "exact match", WIKIDATA + "Q30") in links
    assert (ID + "united-states", "exact match", DBPEDIA + "United_States") in links
    # NATO is not Russia
    assert (ID + "nato", "exact match", WIKIDATA + "Q159") not in links


def test_external_links_never_identify_an_unnamed_source(built):
    found = rows(built, "external-links")
    # "an unnamed senior alliance diplomat" (000), "one NATO official" (003): nobody can say who they are
    assert not any(row["entity"].startswith(ID + "unnamed-") for row in found)
    assert column(found, "link") <= {"exact match", "close match", "same as"}


def test_external_links_into_dbpedia_only(built):
    found = rows(built, "external-links", dataset="DBpedia")
    assert column(found, "target_dataset") == {"DBpedia"}
    assert all(row["target"].startswith(DBPEDIA) for row in found)
    # "Kremlin spokesperson Dmitry Peskov" (001) has a DBpedia page
    assert (ID + "dmitry-peskov", DBPEDIA + "Dmitry_Peskov") in {(row["entity"], row["target"]) for row in found}
    assert WIKIDATA + "Q7184" not in column(found, "target")


# ----------------------------------------------------------------------------- shared-entities

def test_shared_entities_put_nato_russia_and_the_council_in_every_document(built):
    found = rows(built, "shared-entities")
    counts = {row["entity"]: int(row["document_count"]) for row in found}
    # every document speaks of NATO, Russia and the NATO-Russia Council: "debates reviving the Russia–NATO
    # Council" (000), "rejoining the NATO-Russia Council" (001), "reviving the NATO-Russia Council (NRC)" (002),
    # "a structure called the NATO-Russia Council" (003), "Failure of the NATO-Russia Council" (004)
    assert counts[ID + "nato"] == counts[ID + "russia"] == counts[ID + "nato-russia-council"] == 5
    # the 2008 war: "the brief 2008 war between Russia and Georgia" (001), "Russia’s 2008 invasion of Georgia"
    # (002), "the war in Georgia in 2008" (003)
    assert counts[ID + "georgia-war-2008"] == 3
    # Politico: 000 and 003
    assert counts[ID + "politico"] == 2
    # Peskov speaks only in 001 and Bloomberg is cited only in 002: neither is shared
    assert ID + "dmitry-peskov" not in counts and ID + "bloomberg" not in counts


def test_shared_entities_list_their_documents_most_shared_first(built):
    found = rows(built, "shared-entities")
    counts = [int(row["document_count"]) for row in found]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 2
    by_entity = {row["entity"]: row for row in found}
    # "the Kremlin" speaks in 001, 002 and 003, and is never named in 000 or 004
    assert by_entity[ID + "kremlin"]["documents"].split(" ") == [DOC1, DOC2, DOC3]
    assert all(len(row["documents"].split(" ")) == int(row["document_count"]) for row in found)


# ----------------------------------------------------------------------------- background

def test_background_gives_the_founding_acts_official_title_day_and_place(built):
    found = rows(built, "background", subject="Founding Act")
    facts = {(row["property"], row["value"]) for row in found}
    # 003 names only "the 1997 Founding Act" and "the document signed in 1997"; its full title, day and
    # place come from the published text of the Act, never from a document
    assert ("official title", "Founding Act on Mutual Relations, Cooperation and Security between NATO and the Russian Federation") in facts
    assert ("date", "1997-05-27") in facts
    assert ("place", ID + "paris") in facts
    assert all(row["sources"] for row in found)


def test_background_dates_the_talks_document_004_leaves_without_a_year(built):
    found = rows(built, "background")
    facts = {(row["subject"], row["property"], row["value"]) for row in found}
    # 004: "NATO and Russia resumed talks in Brussels on Wednesday 20 April." -- no year in the text
    assert (ID + "nato-russia-council-talks-brussels", "date", "2016-04-20") in facts
    # 003: "next summer’s NATO summit in The Hague" -- the summit's days are not in the text
    assert (ID + "nato-summit-the-hague", "start date", "2025-06-24") in facts
    # every fact has a source, and no claim of a document appears here
    assert all(row["sources"] for row in found)
    assert not any(row["subject"].startswith("https://w3id.org/nrkg/claim/") for row in found)


# ----------------------------------------------------------------------------- characterisations

def test_characterisations_of_the_2008_war_differ_between_documents(built):
    found = rows(built, "characterisations", entity="2008 war between Russia and Georgia")
    said = {(row["document"], row["characterisation"]) for row in found}
    # 001: "the brief 2008 war between Russia and Georgia"; 002: "Russia’s 2008 invasion of Georgia"
    assert (DOC1, "brief") in said and (DOC2, "invasion") in said
    assert (DOC1, "invasion") not in said
    assert column(found, "subject") == {ID + "georgia-war-2008"}


def test_characterisations_keep_the_documents_judgements_with_their_quotes(built):
    found = rows(built, "characterisations")
    said = {(row["document"], row["subject"], row["characterisation"]) for row in found}
    # 002: "in 2014, when Russia illegally annexed Crimea"
    assert (DOC2, ID + "annexation-of-crimea", "illegally annexed") in said
    # 004: "For all their worth, these talks turned out to be a failure."
    assert (DOC4, ID + "nato-russia-council-talks-brussels", "these talks turned out to be a failure") in said
    # 003: "the consultation process with all 32 NATO member states"
    assert (DOC3, ID + "nato", "32 NATO member states") in said
    # 004: "Turkey, an important NATO member" -- a characterisation of Turkey's membership of NATO
    turkey = [row for row in found if row["characterisation"] == "an important NATO member"]
    assert [(row["subject"], row["relation"], row["quote"]) for row in turkey] == [
        (ID + "turkey", "member of", "Turkey, an important NATO member")]


def test_characterisations_show_the_hedge_where_the_document_hedges(built):
    found = rows(built, "characterisations", entity="reviving the NATO-Russia Council")
    # 002: "the reactivation of the NRC may be seen either as a bold attempt at diplomacy—or a dangerous
    # concession to a terrorist state"
    seen = [row for row in found if "bold attempt at diplomacy" in row["characterisation"]]
    assert len(seen) == 1 and seen[0]["modality"] == "hedged" and seen[0]["hedge"] == "may be seen"
    assert column(found, "document") == {DOC2}
