Feature: Registrering – postRegistration skapar eller ersätter en registrering
  "Metoden postRegistration skapar en ny registrering eller ersätter befintlig registrering"
  (Integration mot SPOR 4.1, §7.2.2). "För varje inskickad registrering returneras en
  resultCode" (§7.2.3). "Systemet använder behandlingsnumret och ersätter all befintligt
  data. Hela registreringen måste därför skickas vid varje tillfälle." (§6.5)

  The examples use the guide's own values: behandlingsnummer 2200054, the unit SE13-137
  that does not exist in SPOR, the KVÅ code H-CAR and the time 2022-04-13T13:54:22+01:00.
  The patient is Skatteverket's test personnummer 189001019802. Against a registry that
  keeps its data, each run sends its own behandlingsnummer (and, with
  KONFORM_SE_TEST_NUMBERS, its own test patient) in their place.

  Background:
    Given a unit known to SPOR

  @req:SPOR-7.2.3-RESULT
  Rule: Varje registrering får en resultCode – OK med "Skapade"/"Uppdaterade", ERROR vid logiskt fel
    The resultCode is the guide's rule. Its resultText is given as an example ("resultText
    blir då tex"): that SPOR words it so is konform's reading.

    Scenario: SPOR svarar OK "Skapade: 2200054" för ett behandlingsnummer som är nytt
      Given the registration of behandlingsnummer 2200054
      When the registration is sent
      Then SPOR answers OK "Skapade: 2200054"

    Scenario: SPOR svarar OK "Uppdaterade: 2200054" när behandlingsnumret skickas igen
      Given SPOR has stored the registration of behandlingsnummer 2200054
      When the registration is sent again
      Then SPOR answers OK "Uppdaterade: 2200054"

    Scenario: SPOR svarar ERROR när SystemId anger en enhet som inte finns i SPOR
      Given the registration of behandlingsnummer 2200054 with systemId "SE13-137"
      When the registration is sent
      Then SPOR answers ERROR "Systemet kunde inte ta emot registreringen: 2200054 Systemet SE13-137 som angivits i SystemId hittas inte"

    Scenario: SPOR svarar OK "Skapade" med behandlingsnumret för varje giltig registrering
      Then every generated valid registration is answered OK "Skapade" with its behandlingsnummer

    Scenario: SPOR svarar OK, "Skapade" första gången och "Uppdaterade" därefter, hur registreringarna än skickas
      Then through any sequence of sends SPOR answers "Skapade" first and "Uppdaterade" after

  @req:SPOR-6.5-REPLACE @sim-only
  Rule: En registrering som skickas om ersätter all befintlig data för behandlingsnumret
    A resend that leaves a variable out clears it: the registration is replaced whole.

    Scenario: SPOR glömmer en variabel som inte finns med när registreringen skickas om
      Given SPOR has stored the registration of behandlingsnummer 2200054
      When the registration is sent again without kommentar
      Then SPOR holds behandlingsnummer 2200054 without kommentar

    Scenario: SPOR har alltid den senast mottagna hela registreringen, hur registreringarna än skickas
      Then through any sequence of sends SPOR holds the last accepted whole registration

  @req:SPOR-7.2.2-SCHEMA
  Rule: En postRegistrationRequest som inte följer XML-schemat ger HTTP 500 Internal Server Error
    The guide prints the kvakod pattern as '(\w\w\d\d\d)/(\w\w\w\d\d)'. Read literally it
    demands a slash; KVÅ codes are two letters and three digits or three letters and two
    digits, so the "/" is a lost "|" (erratum, see the catalogue). Either spelling is accepted
    in SPOR's answer; konform's own schema uses "|". That a refused request stores none of
    its registrations is konform's reading.

    Scenario: SPOR svarar 500 Internal Server Error med "Unmarshalling Error" för KVÅ-koden H-CAR
      Given the registration
        """xml
        <registration xmlns="urn:konform:spor:4.1">
          <recipientMessageSplit>SPOR</recipientMessageSplit>
          <systemId>SE2321000131-E000000000001</systemId>
          <behandlingsnummer>2200054</behandlingsnummer>
          <personnummer>189001019802</personnummer>
          <operationsdatum>2022-04-13</operationsdatum>
          <operationsstart>2022-04-13T13:54:22+01:00</operationsstart>
          <atgarder>
            <kvaKod>H-CAR</kvaKod>
          </atgarder>
        </registration>
        """
      When the registration is sent
      Then SPOR answers 500 Internal Server Error with "Unmarshalling Error: cvc-pattern-valid: Value 'H-CAR' is not facet-valid"

    @sim-only
    Scenario: SPOR sparar ingenting ur en förfrågan som bryter mot schemat, inte ens dess giltiga registreringar
      Given the registrations of behandlingsnummer 2200055 and of behandlingsnummer 2200054 with atgarder "H-CAR"
      When the registrations are sent
      Then SPOR holds nothing for behandlingsnummer 2200055

    Scenario: SPOR svarar 500 Internal Server Error för varje genererad registrering som bryter mot schemat
      Then SPOR answers every generated registration that breaks the rule as the guide allows

  @req:SPOR-7.4-RMS
  Rule: Recipient Message Split (105) är obligatorisk och det enda godkända värdet är "SPOR"

    Scenario: SPOR avvisar Recipient Message Split "NKR"
      Given the registration of behandlingsnummer 2200054 with recipientMessageSplit "NKR"
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054
      And SPOR's answer names "NKR"

    Scenario: SPOR avvisar en registrering utan Recipient Message Split
      Given the registration of behandlingsnummer 2200054 without recipientMessageSplit
      When the registration is sent
      Then SPOR refuses the registration of behandlingsnummer 2200054
      And SPOR's answer names "recipientMessageSplit"

    Scenario: SPOR avvisar varje genererad registrering med fel eller saknad Recipient Message Split
      Then SPOR answers every generated registration that breaks the rule as the guide allows
