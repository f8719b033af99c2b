Feature: Validering – konform validate brs dømmer de forespørgsler en leverandørs system sender
  `konform validate brs FILE…` judges treatmentRelation and notificationQuery requests, as
  a whole SOAP envelope or the bare body, by the same rules the simulator answers by
  (consumer conformance; CONTRACTS.md). A schema violation is reported under the rule it
  breaks: a timestamp under BRS-TIME, any other part of a treatmentRelation request under
  BRS-REQ, of a notificationQuery under NOTIF-QUERY; the DGWS headers of an envelope under
  BRS-DGWS.

  @req:BRS-REQ
  Rule: konform finder hvert brud på forespørgslens felter

    Scenario: konform godtager vejledningens eksempel på en forespørgsel til BRS
      Given the document's example request as a file
      When konform validate brs judges the file
      Then the verdict holds nothing under the rule

    Scenario: konform noterer "ALL" hvor eksemplet skriver <All>All</All> som en advarsel (erratum: teksten siger ALL)
      Given the document's example request with All "ALL" as a file
      When konform validate brs judges the file
      Then the verdict holds a warning under the rule naming "All"

    Scenario: konform godtager en forespørgsel uden opfølgning
      Given the document's example request without TimeLimit, QueryableCvr and FollowupRelations as a file
      When konform validate brs judges the file
      Then the verdict holds nothing under the rule

    Scenario: konform noterer en relationskategori uden for A+…E som en advarsel, for vejledningen giver kun eksempler
      Given the document's example request with Relation "X" as a file
      When konform validate brs judges the file
      Then the verdict holds a warning under the rule naming "X"

    Scenario: konform melder en opfølgning uden TimeLimit, på konforms læsning
      Given the document's example request without TimeLimit as a file
      When konform validate brs judges the file
      Then the verdict holds an error resting on konform's reading under the rule naming "TimeLimit"

    Scenario: konform melder et CPR-nummer med en dato der ikke findes, men aldrig manglende modulus 11
      Given the document's example request with PatientCpr "3102601951" as a file
      When konform validate brs judges the file
      Then the verdict holds an error under the rule naming "PatientCpr"

    Scenario: konform finder hver genereret forespørgsel der bryder en regel for forespørgslens felter
      Then konform validate brs finds every generated request that breaks the rule, naming its field

  @req:BRS-TIME
  Rule: konform finder hvert tidsstempel der ikke har formatet YYYY-MM-DDTHH:MM:SS+HH:MM

    Scenario: konform melder en TimeLimit uden forskydning fra GMT
      Given the document's example request with TimeLimit "2013-09-30T11:04:37" as a file
      When konform validate brs judges the file
      Then the verdict holds an error under the rule naming "TimeLimit"

    Scenario: konform finder hvert genereret tidsstempel i et andet format
      Then konform validate brs finds every generated request that breaks the rule, naming its field

  @req:BRS-DGWS
  Rule: konform finder en envelope uden gyldige DGWS-headere eller med et ID-kort under niveau 3

    Scenario: konform godtager vejledningens eksempel i en envelope med et ID-kort på niveau 3 fra STS'en
      Given the document's example request in an envelope with an ID card of level 3 as a file
      When konform validate brs judges the file trusting the STS
      Then the verdict holds nothing under the rule

    Scenario: konform melder et ID-kort på niveau 2
      Given the document's example request in an envelope with an ID card of level 2 as a file
      When konform validate brs judges the file
      Then the verdict holds an error under the rule naming "security_level_failed"

    Scenario: konform melder en envelope uden medcom:Header
      Given the document's example request in an envelope without a medcom:Header as a file
      When konform validate brs judges the file
      Then the verdict holds an error under the rule naming "missing_required_header"

  @req:NOTIF-QUERY
  Rule: konform dømmer notificationQuery: Type og SerialNumber

    Scenario: konform godtager vejledningens eksempel på en forespørgsel til notifikationsservicen
      Given the document's example notification request as a file
      When konform validate brs judges the file
      Then the verdict holds nothing under the rule

    Scenario: konform melder et SerialNumber der ikke er et tal
      Given the document's example notification request with SerialNumber "første" as a file
      When konform validate brs judges the file
      Then the verdict holds an error under the rule naming "SerialNumber"
