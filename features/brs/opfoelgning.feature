Feature: Opfølgning – BRS bestiller en opfølgning og notificerer når TimeLimit passerer
  "Hvis den fundne kategori for en given behandlingsrelation ikke optræder i listen,
  bestiller BRS en opfølgning afhængigt af værdien i FollowupRelations" – a list of
  categories, or All for "alle kategorier udover dem der er angivet i AcceptableRelations".
  "[Der] vil komme alarm-notifikationer, hvis de angivne kriterier ikke er opfyldt
  indenfor det i kaldet angivne tidsrum. [...] Hvis der derimod indenfor det angivne tidsrum
  opnås tilstrækkelig evidens [...] bliver der ikke genereret notifikationer."
  konform's reading (interp., a warning unless readings are strict): with All a follow-up is
  ordered even when no relation at all is found; with a list it is not. The notifications
  the other scenarios need are ordered for a patient with a relation of category C, which
  no AcceptableRelations of theirs holds, so they do not rest on that reading. Time passes
  on the simulator's clock, moved through its control API; nothing sleeps.

  Background:
    Given a caller with an ID card of level 3 from a whitelisted CVR

  @req:BRS-FOLLOWUP
  Rule: Uden FollowupRelations bestilles ingen opfølgning
    "Hvis der i kaldet til behandlingsrelationsservicen er angivet at der skal bestilles
    opfølgninger [...]": a request that asks for none gets none, on any target.

    Scenario: BRS bestiller ingen opfølgning når forespørgslen ikke beder om en
      Given a request for a behandlingsrelation without a follow-up
      When the request is sent
      Then FollowupOrdered is false

  @req:BRS-FOLLOWUP @sim-only
  Rule: En opfølgning bestilles når ingen acceptabel relation findes og FollowupRelations rammer

    Scenario: BRS bestiller en opfølgning når ingen relation kendes og FollowupRelations er All (konforms læsning)
      Given a request for a behandlingsrelation with FollowupRelations "All"
      When the request is sent
      Then FollowupOrdered is true (konform's reading)

    Scenario: BRS bestiller en opfølgning når den fundne kategori står i FollowupRelations
      Given BRS knows a relation of category "C" between the patient and the professional
      And a request for a behandlingsrelation with FollowupRelations "C, D"
      When the request is sent
      Then FollowupOrdered is true

    Scenario: BRS bestiller ingen opfølgning når den fundne kategori ikke står i FollowupRelations
      Given BRS knows a relation of category "C" between the patient and the professional
      And a request for a behandlingsrelation with FollowupRelations "D, E"
      When the request is sent
      Then FollowupOrdered is false

    Scenario: BRS bestiller ingen opfølgning uden fundne relationer når FollowupRelations er en liste (konforms læsning)
      Given a request for a behandlingsrelation with FollowupRelations "C, D, E"
      When the request is sent
      Then FollowupOrdered is false (konform's reading)

    Scenario: BRS bestiller ingen opfølgning når den fundne relation er acceptabel
      Given BRS knows a relation of category "A" between the patient and the professional
      And a request for a behandlingsrelation with FollowupRelations "All"
      When the request is sent
      Then FollowupOrdered is false

  @req:BRS-FOLLOWUP @sim-only
  Rule: Når TimeLimit passerer uden acceptabel relation oprettes en notifikation – aldrig når relationen kom i tide

    Scenario: BRS opretter en notifikation når TimeLimit passerer uden acceptabel relation
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours
      And the clock has moved 3 hours on
      When the caller asks for notifications from serial number 0
      Then there is a notifikation for the follow-up

    Scenario: BRS opretter ingen notifikation før TimeLimit
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours
      And the clock has moved 1 hour on
      When the caller asks for notifications from serial number 0
      Then there is no notifikation for the follow-up

    Scenario: BRS opretter ingen notifikation når en acceptabel relation kommer inden TimeLimit
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours
      And the clock has moved 1 hour on
      And BRS knows a relation of category "A" between the patient and the professional
      And the clock has moved 2 hours on
      When the caller asks for notifications from serial number 0
      Then there is no notifikation for the follow-up

    Scenario: BRS opretter en notifikation når den acceptable relation først kommer efter TimeLimit
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours
      And the clock has moved 3 hours on
      And BRS knows a relation of category "A" between the patient and the professional
      When the caller asks for notifications from serial number 0
      Then there is a notifikation for the follow-up

    Scenario: Ingen notifikation når en acceptabel relation kom i tide, ellers præcis én, hvordan relationer, opfølgninger og tid end falder
      Then through any sequence of relation facts, follow-ups and clock moves BRS notifies exactly the follow-ups without an acceptable relation by their TimeLimit
