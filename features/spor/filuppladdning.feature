@req:SPOR-3.2-UPLOAD
Feature: Filbaserad dataöverföring – uppladdning av en XML-fil
  "SPOR erbjuder även möjligheten att överföra data genom att ladda upp en XML-fil via ett
  webbgränssnitt. [...] Gick uppladdningen bra visas bara meddelandet 'Dataöverföringen
  lyckades'. Om det uppstår något fel visas meddelandet 'Dataöverföringen misslyckades:
  <anledning till fel>'." (§3.2) "För båda typerna av inmatning [...] används samma
  XML-schema." (§7)

  The guide says what the page *shows*: konform reads the page as a person sees it – plain
  text or an HTML page, any character set, the message inside the page's layout, any HTTP
  status. That the failure's reason names what failed is konform's reading.

  In the registry the page sits behind a SITHS login; a target reaches it only when its
  profile names an upload entry (upload_url), as konform's simulator does.

  Background:
    Given a unit known to SPOR

  Rule: Uppladdningen använder samma XML-schema och sidan visar ett av två meddelanden

    Scenario: SPOR visar "Dataöverföringen lyckades" för en giltig exportfil
      Given the export file
        """xml
        <?xml version="1.0" encoding="UTF-8"?>
        <postRegistrationRequest xmlns="urn:konform:spor:4.1" exportTime="2022-04-14T02:30:00+02:00">
          <registration>
            <recipientMessageSplit>SPOR</recipientMessageSplit>
            <systemId>SE2321000131-E000000000001</systemId>
            <behandlingsnummer>2200054</behandlingsnummer>
            <personnummer>189001019802</personnummer>
            <operationsanmalan>2022-04-01T09:12:00+02:00</operationsanmalan>
            <operationsdatum>2022-04-13</operationsdatum>
            <anlantOperationsavdelning>2022-04-13T13:10:00+01:00</anlantOperationsavdelning>
            <operationsstart>2022-04-13T13:54:22+01:00</operationsstart>
            <operationsslut>2022-04-13T15:02:00+01:00</operationsslut>
            <atgarder>
              <kvaKod>JAB30</kvaKod>
            </atgarder>
          </registration>
          <registration>
            <recipientMessageSplit>SPOR</recipientMessageSplit>
            <systemId>SE2321000131-E000000000001</systemId>
            <behandlingsnummer>2200055</behandlingsnummer>
            <personnummer>191401682396</personnummer>
            <planeratIngrepp>2022-04-20T08:00:00+02:00</planeratIngrepp>
          </registration>
        </postRegistrationRequest>
        """
      When the export file is uploaded
      Then the upload page shows "Dataöverföringen lyckades"

    Scenario: SPOR visar "Dataöverföringen misslyckades" med schemats fel för KVÅ-koden H-CAR
      Given an export file with the registration of behandlingsnummer 2200054 with atgarder "H-CAR"
      When the export file is uploaded
      Then the upload page shows "Dataöverföringen misslyckades: " with a reason naming "H-CAR"

    Scenario: SPOR visar "Dataöverföringen misslyckades" när en enhet i filen inte finns i SPOR
      Given an export file with the registration of behandlingsnummer 2200054 with systemId "SE13-137"
      When the export file is uploaded
      Then the upload page shows "Dataöverföringen misslyckades: " with a reason naming "SE13-137"

  Rule: En uppladdning som misslyckas sparar ingenting
    konform's reading (interp.): the guide shows one message per file, so a file is taken
    whole or not at all.

    @sim-only
    Scenario: SPOR sparar ingen registrering ur en fil som inte gick att ladda upp
      Given an export file with the registrations of behandlingsnummer 2200055 and of behandlingsnummer 2200054 with atgarder "H-CAR"
      When the export file is uploaded
      Then SPOR holds nothing for behandlingsnummer 2200055
