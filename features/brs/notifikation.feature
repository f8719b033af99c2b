Feature: Notifikation – notificationQuery henter kalderens notifikationer fra et serienummer
  "Kun notifikationer med et serienummer større end eller lig dette returneres." "Svaret
  indeholder de første 100 notifikationer [...]. Notifikationerne returneres i sorteret
  rækkefølge." "Man kan hente notifikationer der er "udstedt" til ens eget CVR nummer [...]
  CVR nummeret [indgår] ikke som en eksplicit parameter, da det er indeholdt i SOSI idkortet".
  konform's reading (interp., a warning unless readings are strict): sorted means ascending
  by serial number. Every check of a list first requires the query to have been answered
  with one. Each notification carries Type, SerialNumber, ExternalReferenceId, QueryableCvr
  and the payload TreatmentRelationAlarm; RelationLookupTimeInterval is "id-kortets
  gyldighedsperiode" of the original request – or the request's own interval, as in the
  guide's example. (Erratum: the guide's notification example is garbled;
  schemas/brs/README.md shows it corrected.)

  Background:
    Given a caller with an ID card of level 3 from a whitelisted CVR

  @req:NOTIF-QUERY
  Rule: Notifikationer med serienummer ≥ SerialNumber, højst 100 ad gangen, i stigende rækkefølge

    @sim-only
    Scenario: Notifikationsservicen giver 260 notifikationer i tre sider på højst 100, hver én gang og i stigende rækkefølge
      Given 260 notifikationer for the caller and 40 for another CVR, interleaved
      When the caller pages through the notifications from serial number 0
      Then the caller got 3 pages of at most 100 notifications
      And every notification of the caller came exactly once, in ascending serial number order

    @sim-only
    Scenario: Notifikationsservicen giver notifikationen med netop det serienummer der spørges fra
      Given 3 notifikationer for the caller
      When the caller asks for notifications from the serial number of the second
      Then the answer holds the notifications from the second on

    @sim-only
    Scenario: Notifikationsservicen giver ingen notifikationer fra et serienummer over det højeste
      Given 2 notifikationer for the caller
      When the caller asks for notifications from the serial number after the last
      Then the answer holds no notifications

    Scenario: At bladre fra serienummer 0 giver hver notifikation højst én gang, i stigende rækkefølge og højst 100 ad gangen
      When the caller pages through the notifications from serial number 0
      Then every page has at most 100 notifications
      And no notification came twice and each page is in ascending serial number order

    @sim-only
    Scenario: Hver notifikation kommer præcis én gang, i rækkefølge og i sider på højst 100, hvordan relationer, opfølgninger og tid end falder
      Then through any sequence of relation facts, follow-ups and clock moves paging by SerialNumber returns each notification exactly once, in order, in pages of at most 100

  @req:NOTIF-CVR
  Rule: Kun notifikationer hvis QueryableCvr er CVR-nummeret på kalderens ID-kort

    @sim-only
    Scenario: En kalder ser ikke notifikationer til et andet CVR
      Given 2 notifikationer for another CVR
      When the caller asks for notifications from serial number 0
      Then the answer holds no notifications

    @sim-only
    Scenario: Notifikationen hentes af det CVR der står i QueryableCvr, også når et andet CVR bestilte opfølgningen
      Given a follow-up the caller ordered for another whitelisted CVR with TimeLimit in 2 hours
      And the clock has moved 3 hours on
      When the other CVR asks for notifications from serial number 0
      Then there is a notifikation for the follow-up

    Scenario: Hver notifikation kalderen får har kalderens CVR som QueryableCvr
      When the caller pages through the notifications from serial number 0
      Then every notification has the caller's CVR as QueryableCvr

    @sim-only
    Scenario: Et CVR ser aldrig et andet CVRs notifikationer, hvordan relationer, opfølgninger og tid end falder
      Then through any sequence of relation facts, follow-ups and clock moves a CVR never sees another CVR's notifications

  @req:NOTIF-PAYLOAD @sim-only
  Rule: Notifikationen bærer opfølgningen: relayer-data, TimeLimit, referencer, AcceptableRelations og den oprindelige forespørgsel

    Scenario: Notifikationen bærer opfølgningens felter med værdierne fra forespørgsel og svar
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours and its own ExternalReferenceId
      And the clock has moved 3 hours on
      When the caller asks for notifications from serial number 0
      Then the notifikation for the follow-up carries Type "BRS" and the request's and answer's values

    Scenario: RelationLookupTimeInterval i notifikationen er ID-kortets gyldighedsperiode eller forespørgslens interval
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours
      And the clock has moved 3 hours on
      When the caller asks for notifications from serial number 0
      Then the notifikation's RelationLookupTimeInterval is the validity period of the ID card the follow-up was ordered with, or the request's interval

    Scenario: RequestSource er den komplette oprindelige forespørgsel
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours and its own ExternalReferenceId
      And the clock has moved 3 hours on
      When the caller asks for notifications from serial number 0
      Then the notifikation's RequestSource is the original request

    Scenario: ActualRelations i notifikationen er de relationer BRS kendte ved TimeLimit
      Given BRS knows a relation of category "C" between the patient and the professional
      And a follow-up the caller ordered for itself with TimeLimit in 2 hours
      And the clock has moved 3 hours on
      When the caller asks for notifications from serial number 0
      Then the notifikation's ActualRelations is "C"

    Scenario: RequestSource er den oprindelige forespørgsel, hvordan relationer, opfølgninger og tid end falder
      Then through any sequence of relation facts, follow-ups and clock moves each notification's RequestSource equals the original request
