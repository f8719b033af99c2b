Feature: Behandlingsrelation – treatmentRelation svarer med den bedst kendte relation
  "Behandlingsrelationsservicen (BRS) er en service, der returnerer den bedst kendte
  behandlingsrelation imellem en borger og en sundhedsfaglig person på et givet tidspunkt."
  The answer holds SufficientRelation, ActualRelations, FollowupOrdered, UniqueReferenceId
  and ExternalReferenceId (Svar fra BRS). Against a real BRS the suite checks the structure
  and invariants of each answer only; facts about relations are arranged on a simulator
  (@sim-only).

  Background:
    Given a caller with an ID card of level 3 from a whitelisted CVR

  @req:BRS-REQ
  Rule: Forespørgslen har vejledningens felter; ExternalReferenceId og opfølgningens felter er valgfrie
    ExternalReferenceId is "Ikke obligatorisk"; follow-ups are ordered only "Hvis der i kaldet
    [...] er angivet at der skal bestilles opfølgninger", so TimeLimit, QueryableCvr and
    FollowupRelations may be left out. QueryableCvr "Kan være det samme som den kaldende
    service, men det behøver det ikke være". A request without an element the guide does not
    mark optional is refused with a fault code and a text, any text. konform's readings
    (warnings unless readings are strict): a follow-up without TimeLimit is refused, and so is
    a value that is not the field's kind (a CPR-nummer whose date does not exist).
    Errata: the text says "ALL" and calls ServiceProvider a string; the example has
    <All>All</All> and Name, Version, Vendor – konform follows the examples.

    Scenario: BRS godtager vejledningens eksempel på en forespørgsel som det står
      Given the document's example request
      When the request is sent as written
      Then BRS answers with a treatmentRelationResponseBody

    Scenario: BRS godtager en QueryableCvr der ikke er kalderens eget CVR
      Given a request for a behandlingsrelation whose QueryableCvr is another whitelisted CVR
      When the request is sent
      Then BRS answers with a treatmentRelationResponseBody

    Scenario: BRS godtager en forespørgsel uden ExternalReferenceId
      Given a request for a behandlingsrelation without ExternalReferenceId
      When the request is sent
      Then BRS answers with a treatmentRelationResponseBody

    Scenario: BRS godtager en forespørgsel uden opfølgning: uden TimeLimit, QueryableCvr og FollowupRelations
      Given a request for a behandlingsrelation without a follow-up
      When the request is sent
      Then BRS answers with a treatmentRelationResponseBody

    Scenario: BRS godtager et CPR-nummer uden modulus 11-kontrol
      Given a request for a behandlingsrelation whose PatientCpr fails modulus 11
      When the request is sent
      Then BRS answers with a treatmentRelationResponseBody

    Scenario Outline: BRS afviser en forespørgsel uden <field>
      Given a request for a behandlingsrelation with <field> missing
      When the request is sent
      Then the service refuses it with a fault text

      Examples:
        | field                      |
        | OrganisationIdentifier     |
        | PatientCpr                 |
        | HealthProfessionalCpr      |
        | RelationLookupTimeInterval |
        | AcceptableRelations        |
        | AuthorisationIdentifier    |
        | ServiceProvider            |

    Scenario: BRS afviser en opfølgning uden TimeLimit (konforms læsning)
      Given a request for a behandlingsrelation with TimeLimit missing
      When the request is sent
      Then the service refuses it with a fault text

    Scenario: BRS afviser et CPR-nummer med en dato der ikke findes (konforms læsning)
      Given a request for a behandlingsrelation with HealthProfessionalCpr "3102601803"
      When the request is sent
      Then the service refuses it with a fault text

    Scenario: BRS svarer hver genereret gyldig forespørgsel med et svar der følger skemaet
      Then every generated valid request is answered with a treatmentRelationResponseBody

  @req:BRS-SUFFICIENT
  Rule: SufficientRelation er sand når en fundet relation er acceptabel; ActualRelations lister det fundne
    ActualRelations is compared as a set: the guide fixes no order. On a simulator the
    generated answers are judged against the arranged relations; against a real BRS only
    against themselves (BRS-DRIFT).

    @sim-only
    Scenario: BRS svarer SufficientRelation sand når den fundne relation er acceptabel
      Given BRS knows a relation of category "A" between the patient and the professional
      And a request for a behandlingsrelation with AcceptableRelations "A, B"
      When the request is sent
      Then SufficientRelation is true
      And ActualRelations is "A"

    @sim-only
    Scenario: BRS svarer SufficientRelation falsk når kun en uacceptabel relation findes
      Given BRS knows a relation of category "C" between the patient and the professional
      And a request for a behandlingsrelation with AcceptableRelations "A, B"
      When the request is sent
      Then SufficientRelation is false
      And ActualRelations is "C"

    @sim-only
    Scenario: BRS svarer SufficientRelation falsk og ingen ActualRelations når ingen relation kendes
      Given a request for a behandlingsrelation with AcceptableRelations "A, B"
      When the request is sent
      Then SufficientRelation is false
      And ActualRelations is empty

    @sim-only
    Scenario: BRS lister hver fundet kategori i ActualRelations
      Given BRS knows a relation of category "C" between the patient and the professional
      And BRS knows a relation of category "A" between the patient and the professional
      And a request for a behandlingsrelation with AcceptableRelations "B"
      When the request is sent
      Then SufficientRelation is false
      And ActualRelations is "A, C"

    @sim-only
    Scenario: BRS ser bort fra en relation uden for RelationLookupTimeInterval
      Given BRS knows a relation of category "A" between the patient and the professional 30 days ago
      And a request for a behandlingsrelation with AcceptableRelations "A, B"
      When the request is sent
      Then SufficientRelation is false
      And ActualRelations is empty

    Scenario: SufficientRelation stemmer med ActualRelations og AcceptableRelations i hvert svar
      Then every generated request is answered with SufficientRelation true exactly when ActualRelations meets AcceptableRelations

  @req:BRS-REFS
  Rule: UniqueReferenceId styres af BRS; ExternalReferenceId sendes tilbage eller genereres, forskelligt fra UniqueReferenceId

    Scenario: BRS sender ExternalReferenceId tilbage uændret
      Given a request for a behandlingsrelation with its own ExternalReferenceId
      When the request is sent
      Then ExternalReferenceId is the request's

    Scenario: BRS genererer et ExternalReferenceId forskelligt fra UniqueReferenceId når forespørgslen ikke har et
      Given a request for a behandlingsrelation without ExternalReferenceId
      When the request is sent
      Then ExternalReferenceId is set and differs from UniqueReferenceId

    Scenario: BRS giver hver forespørgsel sit eget UniqueReferenceId
      Given a request for a behandlingsrelation
      When the request is sent twice
      Then the two answers have different UniqueReferenceIds

    Scenario: BRS overholder reglerne for referencer i hvert svar på en genereret forespørgsel
      Then every generated request is answered with references as BRS-REFS says

  @req:BRS-TIME
  Rule: Tidsstempler har formatet YYYY-MM-DD'T'HH:MM:SS+forskydning fra GMT, fx 2013-01-31T22:59:40+02:00
    The guide's words: the timestamps BRS writes have the format. konform's reading (a
    warning unless readings are strict): a timestamp in another form is refused, with a
    fault text – any text: "Fault message vil indeholde yderligere beskrivelse af årsagen".

    Scenario: BRS godtager tidsstempler med forskydning fra GMT som i vejledningens eksempel
      Given a request for a behandlingsrelation with TimeLimit "2013-01-31T22:59:40+02:00"
      When the request is sent
      Then BRS answers with a treatmentRelationResponseBody

    Scenario: BRS afviser en TimeLimit uden forskydning fra GMT
      Given a request for a behandlingsrelation with TimeLimit "2013-01-31T22:59:40"
      When the request is sent
      Then the service refuses it with a fault text

    Scenario: BRS afviser hvert genereret tidsstempel der ikke har formatet
      Then every generated request with a timestamp in another format is refused with a fault text

    @sim-only
    Scenario: Notifikationens tidsstempler har formatet
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours
      And the clock has moved 3 hours on
      When the caller asks for notifications from serial number 0
      Then every timestamp in the notifications has the format YYYY-MM-DDTHH:MM:SS+HH:MM

  @req:BRS-DRIFT
  Rule: Samme forespørgsel kan senere give et andet svar; mod en rigtig BRS tjekkes struktur og invarianter
    "gentagne kald til BRS med samme input [kan] give forskelligt resultat over tid" (Baggrund).

    Scenario: To svar på den samme forespørgsel følger hver for sig skemaet og reglerne
      Given a request for a behandlingsrelation
      When the request is sent twice
      Then each answer is a treatmentRelationResponseBody whose SufficientRelation agrees with its ActualRelations

    @sim-only
    Scenario: BRS svarer ud fra det registrene ved nu, også når det har ændret sig siden sidste svar
      Given a request for a behandlingsrelation with AcceptableRelations "A"
      And the request has been answered with SufficientRelation false
      And BRS knows a relation of category "A" between the patient and the professional
      When the request is sent
      Then SufficientRelation is true
