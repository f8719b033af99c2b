@sim-only
Feature: Meldingsprosessering – på vent ved uforutsigbare feil, i mottaksrekkefølge, med valideringsmeldinger
  "Hvis prosesseringen av en melding i SYSVAK feiler på grunn av uforutsigbare unntak,
  eksempelvis ved nedetid, eller nedetid i ett av SYSVAK sine delsystem vil meldingen legges
  på vent og forsøkt prosessert senere." (Dok 31 §3.2). "Den første mottatte meldingen i
  SYSVAK sitt meldingsmottak vil bli prosessert først." (§3.6.3)

  konform's simulator answers a message it has processed with HTTP 200 and the answer; a
  message that waits gets 202 and no body, and its answer is collected later by its MsgId.
  Its control API takes the subsystem FolkeregisterFHI down and holds the mottak between
  polls, so no scenario waits for time to pass.

  Background:
    Given FolkeregisterFHI holds the child 03852150024

  @req:SYSVAK-3.2-DEFER
  Rule: Ved uforutsigbare feil legges meldingen på vent; ingen feil besvares, og svaret kommer når meldingen er prosessert

    Scenario: SYSVAK tar imot meldingen uten å svare mens et delsystem er nede
      Given an internal subsystem of SYSVAK is down
      And a HendelseRequest registering MMR on 2022-05-03 for 03852150024
      When the message is sent
      Then SYSVAK takes the message without answering yet
      And the answer cannot be collected yet

    Scenario: Svaret kommer når delsystemet er oppe igjen, og hendelsen er registrert
      Given an internal subsystem of SYSVAK is down
      And SYSVAK has been sent a HendelseRequest registering MMR on 2022-05-03 for 03852150024
      When the subsystem is back
      Then the answer can be collected and SYSVAK accepts the hendelse
      And a search for 03852150024 shows the hendelse MMR on 2022-05-03 with HendelseAksjon "ny"

  @req:SYSVAK-3.6.3-ORDER
  Rule: Meldinger prosesseres i den rekkefølgen de kom til SYSVAKs meldingsmottak
    The document's example is a registration followed by its deletion; the scenario uses a
    registration followed by a change, which shows the order just as well.

    Scenario: En endring som kom etter registreringen, vinner også når begge venter i mottaket
      Given SYSVAK's mottak holds messages until it polls
      And SYSVAK has been sent a HendelseRequest registering MMR on 2022-05-03 with Batchnummer "A1" for 03852150024
      And SYSVAK has been sent a HendelseRequest registering MMR on 2022-05-03 with Batchnummer "B2" for 03852150024
      When SYSVAK polls its mottak and takes messages directly again
      Then a search for 03852150024 shows the hendelse MMR on 2022-05-03 with Batchnummer "B2"

  @req:SYSVAK-3.3-VALID
  Rule: Forutsigbare feil kommer tilbake som Valideringsmelding (feil, advarsel, informasjon) i svarets Behandlingsresultat

    Scenario: En hendelse med en vaksinekode SYSVAK ikke kjenner, avvises med en Valideringsmelding av type feil
      Given a HendelseRequest registering XYZ on 2022-05-03 for 03852150024
      When the message is sent
      Then the Behandlingsresultat is "avvist" with a Valideringsmelding of type "feil"

    Scenario: En helseenhet med ID-type utenfor kodeverk 9051 avvises med en Valideringsmelding som peker på elementet
      Given a KodeverkRequest from the health unit 974589095 of type "ORGNR"
      When the message is sent
      Then the Behandlingsresultat is "avvist" with a Valideringsmelding of type "feil" naming "TypeId"

    Scenario: En akseptert hendelse har Behandlingsresultat "akseptert" og ingen Valideringsmelding av type feil
      Given a HendelseRequest registering MMR on 2022-05-03 for 03852150024
      When the message is sent
      Then the Behandlingsresultat is "akseptert" without a Valideringsmelding of type "feil"
