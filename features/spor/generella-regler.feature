Feature: Generella regler – variabler, datum, personnummer och HSA-ID
  "För båda typerna av inmatning, webbtjänst eller uppladdning av XML-fil, används samma
  XML-schema." (§7) §7.1 sets the general rules every registration follows. The guide does
  not say how SPOR answers a breach of them; it names two answers, and either is accepted:
  §7.2.2's internal server error ("Om en postRegistrationRequest inte följer specificerat
  format i XML-schemat så returneras ett internal server error") and §7.2.3's resultCode
  ERROR ("transaktionen har inte kunnat utföras p.g.a. logiskt fel"). What the answer's
  text names is konform's reading, and so is every check the guide's words do not make:
  those are warnings unless readings are strict.

  Background:
    Given a unit known to SPOR

  @req:SPOR-7.1-NOEMPTY
  Rule: Variabler som inte journalförs skickas inte som tomma XML-taggar
    The rule is on the sender ("skall inte tomma XML-taggar skickas med"); that SPOR
    refuses an empty tag, rather than read it as a variable not recorded, is konform's
    reading.

    Scenario: SPOR avvisar en tom tagg för en variabel som inte journalförts
      Given the registration of behandlingsnummer 2200054 with kommentar ""
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054

    Scenario: SPOR avvisar varje genererad registrering med en tom tagg
      Then SPOR answers every generated registration that breaks the rule as the guide allows

  @req:SPOR-7.1-DATES
  Rule: Datum och tidpunkter anges enligt ISO 8601:2004
    ISO 8601:2004 allows a local time without an offset; the guide's example
    2022-04-13T13:54:22+01:00 has one. konform's reading: SPOR takes a local time.

    Scenario: SPOR godtar guidens exempel 2022-04-13T13:54:22+01:00 som operationsstart
      Given the registration of behandlingsnummer 2200054 with operationsstart "2022-04-13T13:54:22+01:00"
      When the registration is sent
      Then SPOR answers OK for behandlingsnummer 2200054

    Scenario: SPOR godtar en tidpunkt i lokal tid, utan tidszon
      Given the registration of behandlingsnummer 2200054 with operationsanmalan "2022-04-01T09:12:00"
      When the registration is sent
      Then SPOR takes the local time for behandlingsnummer 2200054

    Scenario: SPOR avvisar datumet 13/04/2022
      Given the registration of behandlingsnummer 2200054 with operationsdatum "13/04/2022"
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054
      And SPOR's answer names "13/04/2022"

    Scenario: SPOR avvisar varje genererad registrering med ett datum eller en tidpunkt som inte är ISO 8601
      Then SPOR answers every generated registration that breaks the rule as the guide allows

  @req:SPOR-7.1-PNR
  Rule: Personnummer och samordningsnummer anges med 12 siffror och valideras mot Skatteverkets regler

    Scenario: SPOR avvisar ett personnummer med fel kontrollsiffra
      Given the registration of behandlingsnummer 2200054 with personnummer "189001019803"
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054
      And SPOR's answer names "2200054" and "189001019803"

    Scenario: SPOR godtar samordningsnumret 191401682396 (dag + 60)
      Given the registration of behandlingsnummer 2200054 with personnummer "191401682396"
      When the registration is sent
      Then SPOR answers OK for behandlingsnummer 2200054

    Scenario: SPOR godtar Skatteverkets testsamordningsnummer 191500722390 med okänd månad (00)
      Given the registration of behandlingsnummer 2200054 with personnummer "191500722390"
      When the registration is sent
      Then SPOR answers OK for behandlingsnummer 2200054

    Scenario: SPOR avvisar ett personnummer med 10 siffror
      Given the registration of behandlingsnummer 2200054 with personnummer "9001019802"
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054
      And SPOR's answer names "9001019802"

    Scenario: SPOR avvisar varje genererat nummer som bryter mot Skatteverkets regler
      Then SPOR answers every generated registration that breaks the rule as the guide allows

  @req:SPOR-7.1-HSA
  Rule: HSA-ID har formen \w\w\d+\-.*, "dvs. två bokstäver följt av siffror och ett minustecken följt av något"
    konform follows the guide's words after "dvs.": two letters, so 1234-X and __1-x (which
    \w alone would admit) are no HSA-ID. "Max 64 siffror" is read as 64 characters
    (konform's reading).

    Scenario: SPOR avvisar ett SystemId som inte är ett HSA-ID
      Given the registration of behandlingsnummer 2200054 with systemId "Kirurgkliniken"
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054
      And SPOR's answer names "Kirurgkliniken"

    Scenario: SPOR avvisar ett HSA-ID med 65 tecken
      Given the registration of behandlingsnummer 2200054 with systemId "SE2321000131-E000000000000000000000000000000000000000000000000001"
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054

    Scenario: SPOR avvisar varje genererat SystemId som inte är ett giltigt HSA-ID
      Then SPOR answers every generated registration that breaks the rule as the guide allows
