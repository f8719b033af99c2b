Feature: Sikkerhed – DGWS-headere, SOSI ID-kort på niveau 3 og whitelisting
  "Headeren indeholder en WSSE header samt en Medcom header som specificeret i Den Gode
  Webservice (DGWS) version 1.0.1. SOSI idkortet i headeren skal være på niveau 3 og
  udstedt af SOSI-STS." The same holds for the notification service. Reading fixed by
  the catalogue (interp.): level 3 or higher is accepted. The guide's list of fault codes
  is "typiske fejl": processing_problem ("Som oftest validerings fejl"),
  missing_required_header, security_level_failed, invalid_idcard, expired_idcard,
  not_authorized; "Fejl der returneres indeholder en fejlkode samt en fejltekst", whose text
  "kan variere": any text. konform's readings (warnings unless readings are strict): a card
  above level 3 is served, and a bad value is refused at all.

  @req:BRS-DGWS
  Rule: Begge services kræver DGWS 1.0.1-headere og et ID-kort på niveau 3 eller højere fra et whitelistet CVR

    Scenario: BRS svarer en kalder med et ID-kort på niveau 3
      Given a caller with an ID card of level 3 from a whitelisted CVR
      And a request for a behandlingsrelation
      When the request is sent
      Then BRS answers with a treatmentRelationResponseBody

    Scenario: BRS svarer en kalder med et ID-kort på niveau 4 (konforms læsning)
      Given a caller with an ID card of level 4 from a whitelisted CVR
      And a request for a behandlingsrelation
      When the request is sent
      Then BRS answers with a treatmentRelationResponseBody (konform's reading)

    Scenario: Notifikationsservicen svarer en kalder med et ID-kort på niveau 3
      Given a caller with an ID card of level 3 from a whitelisted CVR
      When the caller asks for notifications from serial number 0
      Then the notification service answers with a NotificationQueryResponseBody

    Scenario: BRS afviser et ID-kort på niveau 2
      Given a caller with an ID card of level 2 from a whitelisted CVR
      And a request for a behandlingsrelation
      When the request is sent
      Then the service refuses it with a DGWS fault

    Scenario: Notifikationsservicen afviser et ID-kort på niveau 2
      Given a caller with an ID card of level 2 from a whitelisted CVR
      When the caller asks for notifications from serial number 0
      Then the service refuses it with a DGWS fault

    Scenario: BRS afviser et CVR der ikke er whitelistet
      Given a caller with an ID card of level 3 from a CVR that is not whitelisted
      And a request for a behandlingsrelation
      When the request is sent
      Then the service refuses it with a DGWS fault

    Scenario: Notifikationsservicen afviser et CVR der ikke er whitelistet
      Given a caller with an ID card of level 3 from a CVR that is not whitelisted
      When the caller asks for notifications from serial number 0
      Then the service refuses it with a DGWS fault

    Scenario: BRS afviser en forespørgsel uden DGWS-headere
      Given a caller with an ID card of level 3 from a whitelisted CVR
      And a request for a behandlingsrelation
      When the request is sent without a medcom:Header
      Then the service refuses it with a DGWS fault

  @req:BRS-FAULTS
  Rule: Fejl bærer en fejlkode og en fejltekst

    Scenario Outline: BRS svarer <code> på en forespørgsel <case>
      Given a caller with an ID card of level 3 from a whitelisted CVR
      And a request for a behandlingsrelation
      When the request is sent <case>
      Then the service answers the DGWS fault code <code> with a text

      Examples:
        | case                                           | code                                |
        | without a medcom:Header                        | missing_required_header             |
        | without wsse:Security                          | missing_required_header             |
        | with an ID card of level 2                     | security_level_failed               |
        | with an ID card from an STS BRS does not trust | invalid_idcard or invalid_signature |
        | with an expired ID card                        | expired_idcard                      |
        | from a CVR that is not whitelisted             | not_authorized                      |

    Scenario Outline: Notifikationsservicen svarer <code> på en forespørgsel <case>
      Given a caller with an ID card of level 3 from a whitelisted CVR
      When the caller asks for notifications from serial number 0 <case>
      Then the service answers the DGWS fault code <code> with a text

      Examples:
        | case                               | code                  |
        | with an ID card of level 2         | security_level_failed |
        | from a CVR that is not whitelisted | not_authorized        |

    Scenario Outline: BRS svarer processing_problem og en fejltekst for <field> <how>
      Given a caller with an ID card of level 3 from a whitelisted CVR
      And a request for a behandlingsrelation with <field> <how>
      When the request is sent
      Then the service refuses the breach with the DGWS fault code processing_problem and a text

      Examples:
        | field               | how                |
        | PatientCpr          | missing            |
        | AcceptableRelations | missing            |
        | PatientCpr          | "12345"            |
        | TimeLimit           | "2013-09-30 11:04" |

    Scenario: BRS svarer processing_problem og en fejltekst for hver genereret forespørgsel der bryder én regel
      Given a caller with an ID card of level 3 from a whitelisted CVR
      Then every generated request that breaks one request rule is answered processing_problem with a text
