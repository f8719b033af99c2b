Feature: Generella regler – variabler, datum, personnummer och HSA-ID
  "För båda typerna av inmatning, webbtjänst eller uppladdning av XML-fil, används samma
  XML-schema." (§7) §7.1 sets the general rules every registration follows. How SPOR
  answers a breach is fixed by the catalogue (interp.): what the XML schema can express
  (empty elements, date formats, 12 digits, the HSA-ID pattern and length) is refused
  with the schema's "Unmarshalling Error" and nothing is stored; a personnummer or
  samordningsnummer that fails Skatteverket's rules gets resultCode ERROR naming the
  behandlingsnummer and the number.

  Background:
    Given a unit known to SPOR

  @req:SPOR-7.1-NOEMPTY
  Rule: Variabler som inte journalförs skickas inte som tomma XML-taggar

    Scenario: SPOR avvisar en tom tagg för en variabel som inte journalförts
      Given the registration of behandlingsnummer 2200054 with kommentar ""
      When the registration is sent
      Then SPOR refuses it with an Unmarshalling Error naming "Value ''"

    Scenario: SPOR avvisar varje genererad registrering med en tom tagg
      Then SPOR answers every generated registration that breaks the rule as the breach table says

  @req:SPOR-7.1-DATES
  Rule: Datum och tidpunkter anges enligt ISO 8601:2004, tidpunkter med tidszon
    Reading fixed by the catalogue (interp.): a date-time carries its offset, as in the
    guide's example 2022-04-13T13:54:22+01:00.

    Scenario: SPOR godtar guidens exempel 2022-04-13T13:54:22+01:00 som operationsstart
      Given the registration of behandlingsnummer 2200054 with operationsstart "2022-04-13T13:54:22+01:00"
      When the registration is sent
      Then SPOR answers OK for behandlingsnummer 2200054

    Scenario: SPOR avvisar en tidpunkt utan tidszon
      Given the registration of behandlingsnummer 2200054 with operationsanmalan "2022-04-01T09:12:00"
      When the registration is sent
      Then SPOR refuses it with an Unmarshalling Error naming "2022-04-01T09:12:00"

    Scenario: SPOR avvisar datumet 13/04/2022
      Given the registration of behandlingsnummer 2200054 with operationsdatum "13/04/2022"
      When the registration is sent
      Then SPOR refuses it with an Unmarshalling Error naming "13/04/2022"

    Scenario: SPOR avvisar varje genererad registrering med ett datum eller en tidpunkt i fel format
      Then SPOR answers every generated registration that breaks the rule as the breach table says

  @req:SPOR-7.1-PNR
  Rule: Personnummer och samordningsnummer anges med 12 siffror och valideras mot Skatteverkets regler

    Scenario: SPOR svarar ERROR med behandlingsnumret och numret för ett personnummer med fel kontrollsiffra
      Given the registration of behandlingsnummer 2200054 with personnummer "189001019803"
      When the registration is sent
      Then SPOR answers ERROR naming behandlingsnummer 2200054 and the number 189001019803

    Scenario: SPOR godtar samordningsnumret 191401682396 (dag + 60)
      Given the registration of behandlingsnummer 2200054 with personnummer "191401682396"
      When the registration is sent
      Then SPOR answers OK for behandlingsnummer 2200054

    Scenario: SPOR avvisar ett personnummer med 10 siffror
      Given the registration of behandlingsnummer 2200054 with personnummer "9001019802"
      When the registration is sent
      Then SPOR refuses it with an Unmarshalling Error naming "9001019802"

    Scenario: SPOR avvisar varje genererat nummer som bryter mot Skatteverkets regler
      Then SPOR answers every generated registration that breaks the rule as the breach table says

  @req:SPOR-7.1-HSA
  Rule: HSA-ID har formen \w\w\d+\-.* och högst 64 tecken
    Reading fixed by the catalogue (interp.): the guide's "Max 64 siffror" is read as 64 characters.

    Scenario: SPOR avvisar ett SystemId som inte är ett HSA-ID
      Given the registration of behandlingsnummer 2200054 with systemId "Kirurgkliniken"
      When the registration is sent
      Then SPOR refuses it with an Unmarshalling Error naming "Kirurgkliniken"

    Scenario: SPOR avvisar ett HSA-ID med 65 tecken
      Given the registration of behandlingsnummer 2200054 with systemId "SE2321000131-E000000000000000000000000000000000000000000000000001"
      When the registration is sent
      Then SPOR refuses it with an Unmarshalling Error naming "maxLength"

    Scenario: SPOR avvisar varje genererat SystemId som inte är ett giltigt HSA-ID
      Then SPOR answers every generated registration that breaks the rule as the breach table says
