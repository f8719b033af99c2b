@sim-only
Feature: Hendelser – registrering, endring og sletting
  "Den unike identifikasjonen for en hendelse er: Vaksinanden, Når hendelsen ble utført
  (konsultasjonsdato), Vaksine (vaksinekode), Type hendelse (vaksinasjon/manglende
  vaksinering)" (Dok 31 §4.2). "SYSVAK avgjør selv om det er en nyregistrering eller endring
  [...] Slettinger fører ikke til en fysisk sletting av hendelsen i databasen, den blir kun
  markert med status slettet."

  A sender marks a deletion with HendelseAksjon "slettet"; "ny" and "endret" both mean
  "register this hendelse", and SYSVAK answers which of the two it was (our schema's design).

  Background:
    Given FolkeregisterFHI holds the child 03852150024

  @req:SYSVAK-4.2-IDENTITY
  Rule: Samme vaksinand, konsultasjonsdato, vaksinekode og type er samme hendelse; endres ett av dem, er det en ny hendelse

    Scenario: Samme hendelse sendt på nytt med nytt Batchnummer er en endring
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 with Batchnummer "A1" for 03852150024
      When the same hendelse is sent with Batchnummer "B2"
      Then SYSVAK reports the hendelse as "endret"
      And a search for 03852150024 shows 1 hendelse

    Scenario Outline: En hendelse med en annen <attributt> er en ny hendelse, og den gamle står
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 with Batchnummer "A1" for 03852150024
      When the same hendelse is sent with <attributt> "<verdi>"
      Then SYSVAK reports the hendelse as "ny"
      And a search for 03852150024 shows 2 hendelser

      Examples:
        | attributt         | verdi                |
        | vaksinekode       | PCV                  |
        | konsultasjonsdato | 2022-05-04           |
        | type              | ManglendeVaksinering |

    Scenario: Gjennom enhver rekkefølge av registreringer, endringer og slettinger skiller SYSVAK hendelser på identiteten
      Then through any sequence of registrations, changes and deletions SYSVAK keeps hendelser apart by their identity

  @req:SYSVAK-4.2-FULL
  Rule: Ved endring og sletting sendes hele hendelsen på nytt, med alle påkrevde felt

    Scenario: En endring uten Batchnummer avvises, og den lagrede hendelsen står uendret
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 with Batchnummer "A1" for 03852150024
      When the same hendelse is sent without Batchnummer
      Then SYSVAK refuses the message
      And a search for 03852150024 shows the hendelse MMR on 2022-05-03 with Batchnummer "A1"

    @own-material
    Scenario: konform melder en sletting som ikke har med alle påkrevde felt
      Given a HendelseRequest deleting MMR on 2022-05-03 without Batchnummer for 03852150024
      And it is wrapped in a MsgHead
      When konform judges the message
      Then konform reports an error under the rule naming "Batchnummer"

  @req:SYSVAK-4.2-DELETE
  Rule: Sletting er logisk – hendelsen merkes slettet og logges; sletting av en ukjent hendelse oppretter den som slettet

    Scenario: En slettet hendelse blir stående i registeret, merket slettet, og slettingen logges
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 with Batchnummer "A1" for 03852150024
      When the hendelse is deleted
      Then SYSVAK reports the hendelse as "slettet"
      And SYSVAK's register holds the hendelse MMR on 2022-05-03 for 03852150024 marked "slettet"
      And SYSVAK's log shows the hendelse MMR on 2022-05-03 for 03852150024 as "ny", then "slettet"

    Scenario: Sletting av en hendelse SYSVAK ikke kjenner, oppretter den som slettet
      Given a HendelseRequest deleting MMR on 2022-05-03 for 03852150024
      When the message is sent
      Then SYSVAK reports the hendelse as "slettet"
      And SYSVAK's register holds the hendelse MMR on 2022-05-03 for 03852150024 marked "slettet"

  @req:SYSVAK-2.2-RESERVE
  Rule: Vaksiner i barnevaksinasjonsprogrammet kan ikke reserveres mot; andre vaksiner kan, etter foresattes valg
    The catalogue's reading (interp.): Dok 31 says neither how a reservation reaches the
    register nor which vaccines are in the programme. The simulator keeps reservations per
    person (control API) and a configurable programme list; a reserved non-programme vaccine
    is answered with a Valideringsmelding and not stored.

    Scenario: En vaksine utenfor programmet registreres ikke for en vaksinand med reservasjon
      Given the guardians of 03852150024 have reserved against vaccines outside the programme
      And a HendelseRequest registering HEPA on 2022-05-03 for 03852150024
      When the message is sent
      Then SYSVAK refuses the message
      And a search for 03852150024 shows 0 hendelser

    Scenario: En vaksine i programmet registreres også for en vaksinand med reservasjon
      Given the guardians of 03852150024 have reserved against vaccines outside the programme
      And a HendelseRequest registering MMR on 2022-05-03 for 03852150024
      When the message is sent
      Then SYSVAK accepts the hendelse
      And a search for 03852150024 shows 1 hendelse

    Scenario: Uten reservasjon registreres også vaksiner utenfor programmet
      Given a HendelseRequest registering HEPA on 2022-05-03 for 03852150024
      When the message is sent
      Then SYSVAK accepts the hendelse
