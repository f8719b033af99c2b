Feature: Data som skickas – det sändande systemets nattliga export
  §6 of the guide says what an operation-planning system sends, and when. These are rules
  on the vendor's side (consumer conformance): konform judges an export file the way
  `konform validate spor` does, with the side inputs a file cannot show (the day's
  treatments, the block list, the previous export). No registry is contacted, except in
  the stage rule at the end, which uploads: every other scenario judges material konform
  wrote itself (@own-material), and is never evidence about a target.

  Where the guide says "bör" or gives examples ("t.ex."), a finding rests on konform's
  reading: a warning unless readings are strict.

  @req:SPOR-6.1-NIGHTLY @own-material
  Rule: Data bör skickas i batch till SPOR varje natt, helst före klockan 04:00
    konform's reading (interp.): judged on the export's exportTime in its own offset;
    later than 04:00 is a warning ("bör").

    Scenario: En export skapad klockan 03:30 klarar nattens tidsgräns
      Given the export file with the registration of behandlingsnummer 2200054 created at "2022-04-14T03:30:00+02:00"
      When konform judges the export
      Then konform reports nothing under the rule

    Scenario: En export skapad klockan 04:30 får en varning
      Given the export file with the registration of behandlingsnummer 2200054 created at "2022-04-14T04:30:00+02:00"
      When konform judges the export
      Then konform reports its reading under the rule

    Scenario: konform varnar för varje genererad export som skapats efter klockan 04:00
      Then konform finds every generated export that breaks the rule

  @req:SPOR-6.2-INCL @own-material
  Rule: Ett behandlingsnummer bör exporteras när åtminstone ett av villkoren är uppfyllt
    The guide's examples ("t.ex.") of the conditions: operationsanmälan genomförd (310),
    ingrepp planerat (410), avförd från väntelistan (450 = Ja), anlänt till
    operationsavdelningen (540), lämnat postop (800). They are no closed list: a planning,
    an operation time or 585 shows the same events. konform's reading (interp.): with the
    day's treatments as a side input, a qualifying treatment missing from the export is
    noted – a warning unless readings are strict, for the guide says "bör".

    Scenario: En behandling med genomförd operationsanmälan som saknas i exporten noteras
      Given the export file with the registration of behandlingsnummer 2200054
      And the day's treatments
        """
        # behandlingsnummer  variables set in the operation-planning system
        2200054  310 540 585
        2200055  310
        """
      When konform judges the export
      Then konform reports its reading under the rule

    Scenario: En registrering som inte visar något av villkoren noteras
      Given the export file
        """xml
        <?xml version="1.0" encoding="UTF-8"?>
        <postRegistrationRequest xmlns="urn:konform:spor:4.1" exportTime="2022-04-14T02:30:00+02:00">
          <registration>
            <recipientMessageSplit>SPOR</recipientMessageSplit>
            <systemId>SE2321000131-E000000000001</systemId>
            <behandlingsnummer>2200054</behandlingsnummer>
            <personnummer>189001019802</personnummer>
            <kommentar>Remiss mottagen</kommentar>
          </registration>
        </postRegistrationRequest>
        """
      When konform judges the export
      Then konform reports its reading under the rule

    Scenario: En registrering med operationsstart men utan guidens exempelvariabler är inkluderad
      Given the export file
        """xml
        <?xml version="1.0" encoding="UTF-8"?>
        <postRegistrationRequest xmlns="urn:konform:spor:4.1" exportTime="2022-04-14T02:30:00+02:00">
          <registration>
            <recipientMessageSplit>SPOR</recipientMessageSplit>
            <systemId>SE2321000131-E000000000001</systemId>
            <behandlingsnummer>2200054</behandlingsnummer>
            <personnummer>189001019802</personnummer>
            <operationsdatum>2022-04-13</operationsdatum>
            <operationsstart>2022-04-13T13:54:22+01:00</operationsstart>
          </registration>
        </postRegistrationRequest>
        """
      When konform judges the export
      Then konform reports nothing under the rule

    Scenario: konform hittar varje genererad kvalificerande behandling som saknas i exporten
      Then konform finds every generated export that breaks the rule

  @req:SPOR-6.3-LASTPLAN @own-material
  Rule: Endast sista planeringen för en operation skickas om den planeras om flera gånger samma dag

    Scenario: Två planeringar av samma operation samma dag i en export är ett fel
      Given the export file
        """xml
        <?xml version="1.0" encoding="UTF-8"?>
        <postRegistrationRequest xmlns="urn:konform:spor:4.1" exportTime="2022-04-14T02:30:00+02:00">
          <registration>
            <recipientMessageSplit>SPOR</recipientMessageSplit>
            <systemId>SE2321000131-E000000000001</systemId>
            <behandlingsnummer>2200054</behandlingsnummer>
            <personnummer>189001019802</personnummer>
            <planeringstidpunkt>2022-04-13T08:00:00+02:00</planeringstidpunkt>
            <planeratIngrepp>2022-04-20T08:00:00+02:00</planeratIngrepp>
          </registration>
          <registration>
            <recipientMessageSplit>SPOR</recipientMessageSplit>
            <systemId>SE2321000131-E000000000001</systemId>
            <behandlingsnummer>2200054</behandlingsnummer>
            <personnummer>189001019802</personnummer>
            <planeringstidpunkt>2022-04-13T14:30:00+02:00</planeringstidpunkt>
            <planeratIngrepp>2022-04-21T08:00:00+02:00</planeratIngrepp>
          </registration>
        </postRegistrationRequest>
        """
      When konform judges the export
      Then konform reports an error under the rule

    Scenario: konform hittar varje genererad export med mer än dagens sista planering
      Then konform finds every generated export that breaks the rule

  @req:SPOR-6.4-ABORTED @own-material
  Rule: Avbrutna operationer (540 satt, 585 saknas) exporteras
    The guide updates its recommendation ("rekommendationerna") to trigger on 540 instead
    of 585. konform's reading (interp.): an aborted operation in the day's treatments that
    is missing from the export is noted – a warning unless readings are strict.

    Scenario: En avbruten operation som saknas i exporten noteras
      Given the export file with the registration of behandlingsnummer 2200054
      And the day's treatments
        """
        2200054  310 540 585
        2200056  310 540
        """
      When konform judges the export
      Then konform reports its reading under the rule

    Scenario: En avbruten operation som finns i exporten är rätt
      Given the export file with the registration of behandlingsnummer 2200054 without lamnatOperationsavdelning
      And the day's treatments
        """
        2200054  310 540
        """
      When konform judges the export
      Then konform reports nothing under the rule

    Scenario: konform hittar varje genererad avbruten operation som saknas i exporten
      Then konform finds every generated export that breaks the rule

  @req:SPOR-6.5-REPLACE @own-material
  Rule: Hela registreringen skickas vid varje tillfälle, och bara registreringar som förändrats skickas om
    SPOR replaces all stored data for the behandlingsnummer, and empty tags are never sent
    (§7.1): a resend that leaves a variable out is how its wrong value is cleared, not a
    partial registration.

    Scenario: En registrering som skickas om utan en variabel som den förra exporten hade är rätt
      Given the previous export with the registration of behandlingsnummer 2200054
      And the export file with the registration of behandlingsnummer 2200054 without atgarder
      When konform judges the export
      Then konform reports nothing under the rule

    Scenario: En oförändrad registrering som skickas om får en varning
      Given the previous export with the registration of behandlingsnummer 2200054
      And the export file with the registration of behandlingsnummer 2200054
      When konform judges the export
      Then konform reports a warning under the rule

    Scenario: konform hittar varje genererad export som skickar om en oförändrad registrering
      Then konform finds every generated export that breaks the rule

  @req:SPOR-6.6-OPTOUT @own-material
  Rule: Data för patienter som aktivt avböjt medverkan skickas aldrig till registret

    Scenario: En registrering av en patient på spärrlistan är ett fel
      Given the export file with the registration of behandlingsnummer 2200054
      And the block list
        """
        # patients who declined (personnummer or samordningsnummer)
        18900101-9802
        """
      When konform judges the export
      Then konform reports an error under the rule

    Scenario: konform hittar varje genererad registrering av en patient på spärrlistan
      Then konform finds every generated export that breaks the rule

  @req:SPOR-4-STAGE
  Rule: Innan en enhet godkänns för produktion testas uppladdning, variabelmappning och datakvalitet mot stage
    (konform) The certification run of this suite against stage is that evidence: every
    exchange is attached to the report with a reproducer.

    @own-material
    Scenario: Datakvalitet – konform hittar inga fel i någon genererad nattlig export
      Then konform reports no error in any generated nightly export

    Scenario: Uppladdning – en genererad nattlig export går att ladda upp
      Given a unit known to SPOR
      And a generated nightly export of 25 registrations
      When the export file is uploaded
      Then the upload page shows "Dataöverföringen lyckades"

    @sim-only
    Scenario: Variabelmappning – SPOR har varje uppladdad registrering precis som den skickades
      Given a unit known to SPOR
      And a generated nightly export of 25 registrations
      When the export file is uploaded
      Then SPOR holds every registration of the export as sent
