"""The nrkg ontology's terms as an rdflib namespace.

GENERATED from ontology/nrkg.ttl by ``python -m nrkg.devtools.ontology_docs generate``; do not edit by hand.
Ontology version: 0.1.0.

Build code only: this module imports rdflib, so the query path must not import it.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class NRKG(DefinedNamespace):
    """Terms of https://w3id.org/nrkg/ontology# (classes, properties, individuals)."""

    _fail = True

    # Classes
    Agent: URIRef  # agent
    Agreement: URIRef  # agreement
    AgreementDescription: URIRef  # agreement description
    Alliance: URIRef  # alliance
    Annexation: URIRef  # annexation
    ArmedConflict: URIRef  # armed conflict
    ArmedForces: URIRef  # armed forces
    ArmedGroup: URIRef  # armed group
    Assertion: URIRef  # assertion
    Assessment: URIRef  # assessment
    AttributionValue: URIRef  # attribution value
    Bombing: URIRef  # bombing
    Ceasefire: URIRef  # ceasefire
    Certainty: URIRef  # certainty
    City: URIRef  # city
    CivilWar: URIRef  # civil war
    Claim: URIRef  # claim
    Council: URIRef  # council
    Declaration: URIRef  # declaration
    Denial: URIRef  # denial
    Deterioration: URIRef  # deterioration of relations
    Doctrine: URIRef  # doctrine
    Document: URIRef  # document
    DocumentDescription: URIRef  # document description
    DraftAgreement: URIRef  # draft agreement
    Enlargement: URIRef  # enlargement
    EntityDescription: URIRef  # entity description
    Event: URIRef  # event
    EventDescription: URIRef  # event description
    FindingType: URIRef  # finding type
    Founding: URIRef  # founding
    GovernmentBody: URIRef  # government body
    Invasion: URIRef  # invasion
    Meeting: URIRef  # meeting
    MilitaryBase: URIRef  # military base
    MilitaryIncident: URIRef  # military incident
    MilitaryOperation: URIRef  # military operation
    Modality: URIRef  # modality
    NewsArticle: URIRef  # news article
    NewsOutlet: URIRef  # news outlet
    NonStateGroup: URIRef  # non-state group
    Organisation: URIRef  # organisation
    Ousting: URIRef  # ousting
    Person: URIRef  # person
    Place: URIRef  # place
    Polarity: URIRef  # polarity
    Policy: URIRef  # policy
    PolicyChange: URIRef  # policy change
    PoliticalUpheaval: URIRef  # political upheaval
    Proposal: URIRef  # proposal
    ProposalDocument: URIRef  # proposal document
    Question: URIRef  # question
    Reactivation: URIRef  # reactivation
    Region: URIRef  # region
    Rejection: URIRef  # rejection
    RelationClaim: URIRef  # relation claim
    ReliabilityFinding: URIRef  # reliability finding
    Report: URIRef  # report
    Revolution: URIRef  # revolution
    RoleClaim: URIRef  # role claim
    Sanctions: URIRef  # sanctions
    Sea: URIRef  # sea
    SeizureOfPower: URIRef  # seizure of power
    Signing: URIRef  # signing
    State: URIRef  # state
    Statement: URIRef  # statement
    Strategy: URIRef  # strategy
    Summit: URIRef  # summit
    SuspensionOfCooperation: URIRef  # suspension of cooperation
    Talks: URIRef  # talks
    Temporality: URIRef  # temporality
    TerroristAttack: URIRef  # terrorist attack
    UnnamedSource: URIRef  # unnamed source
    Vessel: URIRef  # vessel
    War: URIRef  # war
    Warning: URIRef  # warning
    Warship: URIRef  # warship
    Withdrawal: URIRef  # withdrawal

    # Object properties
    accordingTo: URIRef  # according to
    affected: URIRef  # affected
    agent: URIRef  # agent
    annexed: URIRef  # annexed
    atWarWith: URIRef  # at war with
    attacked: URIRef  # attacked
    attestedBy: URIRef  # attested by
    bombed: URIRef  # bombed
    cancelled: URIRef  # cancelled
    certainty: URIRef  # certainty
    changed: URIRef  # changed
    citesOutlet: URIRef  # cites outlet
    concerns: URIRef  # concerns
    controls: URIRef  # controls
    cooperatesWith: URIRef  # cooperates with
    describes: URIRef  # describes
    establishedAt: URIRef  # established at
    establishes: URIRef  # establishes
    findingType: URIRef  # finding type
    hasContextEvidence: URIRef  # has context evidence
    hasEvidence: URIRef  # has evidence
    hasMember: URIRef  # has member
    hasPart: URIRef  # has part
    holder: URIRef  # holder
    imposedSanctionsOn: URIRef  # imposed sanctions on
    inDialogueWith: URIRef  # in dialogue with
    invaded: URIRef  # invaded
    involves: URIRef  # involves
    leads: URIRef  # leads
    ledTo: URIRef  # led to
    locatedIn: URIRef  # located in
    maintainsContactWith: URIRef  # maintains contact with
    memberOf: URIRef  # member of
    modality: URIRef  # modality
    partOf: URIRef  # part of
    participant: URIRef  # participant
    party: URIRef  # party
    partyTo: URIRef  # party to
    place: URIRef  # place
    polarity: URIRef  # polarity
    proposed: URIRef  # proposed
    proposedBy: URIRef  # proposed by
    proposedTo: URIRef  # proposed to
    relObject: URIRef  # relation object
    relSubject: URIRef  # relation subject
    relatedTo: URIRef  # related to
    relation: URIRef  # relation
    reportedVia: URIRef  # reported via
    resultedFrom: URIRef  # resulted from
    roleIn: URIRef  # role in
    signed: URIRef  # signed
    speaker: URIRef  # speaker
    supports: URIRef  # supports
    suspendedCooperationWith: URIRef  # suspended cooperation with
    temporality: URIRef  # temporality
    threatens: URIRef  # threatens
    topic: URIRef  # topic
    withdrewFrom: URIRef  # withdrew from

    # Datatype properties
    byline: URIRef  # byline
    byteSize: URIRef  # size in bytes
    charCount: URIRef  # character count
    characterisation: URIRef  # characterisation
    content: URIRef  # content
    date: URIRef  # date
    dateAsWritten: URIRef  # date as written
    dateCandidate: URIRef  # date candidate
    dateInferred: URIRef  # date inferred
    dateReasoning: URIRef  # date reasoning
    earliestDate: URIRef  # earliest date
    encoding: URIRef  # encoding
    fileName: URIRef  # file name
    hedgeCue: URIRef  # hedge cue
    hostname: URIRef  # host name
    hostnamePunycode: URIRef  # host name in punycode
    imitates: URIRef  # imitates
    latestDate: URIRef  # latest date
    occurrence: URIRef  # occurrence
    provision: URIRef  # provision
    publicationDate: URIRef  # publication date
    publishedAsWritten: URIRef  # published as written
    purpose: URIRef  # purpose
    quotation: URIRef  # quotation
    roleLabel: URIRef  # role label
    scope: URIRef  # scope
    scripts: URIRef  # scripts
    sha256: URIRef  # SHA-256 checksum

    # Individuals
    Asserted: URIRef  # asserted
    Certain: URIRef  # certain
    ConfusableHostname: URIRef  # confusable host name
    Denied: URIRef  # denied
    FutureOriented: URIRef  # future-oriented
    Hedged: URIRef  # hedged
    Hypothetical: URIRef  # hypothetical
    MixedScriptHostname: URIRef  # mixed-script host name
    Negative: URIRef  # negative
    NonFuture: URIRef  # non-future
    Positive: URIRef  # positive
    Possible: URIRef  # possible
    Probable: URIRef  # probable

    _NS = Namespace("https://w3id.org/nrkg/ontology#")
