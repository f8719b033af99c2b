Feature: Vaksinand – fødselsnummer, D-nummer, H-nummer og vaksinander uten ident
  "Om SYSVAK mottar en hendelsesregistrering, der fødselsnummer/d-nummer ikke er tilstede vil
  SYSVAK umiddelbart [...] Forsøke å finne vaksinanden sitt fødselsnummer/d-nummer gjennom søk i
  FolkeregisterFHI [...] Forsøke å identifisere vaksinanden via søk i tabellen over
  vaksinander uten fødselsnummer/d-nummer" (Dok 31 §4.1). "Hjelpenummer blir ikke støttet av
  SYSVAK for kodeverket: Offisiell personidentifikasjon – oid: 8327" (§3.7.1).

  Every number is synthetic: Skatteetaten's month + 80 for fødselsnummer and D-nummer, and
  month + 40 for H-nummer.

  @req:SYSVAK-4.1-NOID @sim-only
  Rule: Uten fødselsnummer/D-nummer slår SYSVAK opp i FolkeregisterFHI, ellers i tabellen over vaksinander uten ident, og prøver igjen senere

    Background:
      Given FolkeregisterFHI holds
        | fødselsnummer | fornavn | etternavn | omsorgspersoner |
        | 03852153767   | Emma    | Hansen    | 12868800370     |
        | 03852162189   | Nora    | Hansen    | 25919000751     |
        | 12868800370   | Ingrid  | Hansen    |                 |
        | 25919000751   | Ola     | Hansen    |                 |

    Scenario: SYSVAK finner vaksinanden i FolkeregisterFHI og returnerer fødselsnummeret
      Given a HendelseRequest registering MMR on 2022-05-03 for a vaksinand uten ident born 2021-05-03 named "Emma Hansen"
      When the message is sent
      Then SYSVAK accepts the hendelse
      And the HendelseResponse returns VaksinandIdent 03852153767

    Scenario: Omsorgspersonens fødselsnummer finner vaksinanden
      Given a HendelseRequest registering MMR on 2022-05-03 for a vaksinand uten ident born 2021-05-03 with omsorgsperson 25919000751
      When the message is sent
      Then the HendelseResponse returns VaksinandIdent 03852162189
      And a search for 03852162189 shows the hendelse MMR on 2022-05-03 with HendelseAksjon "ny"

    Scenario: En vaksinand uten ident som ikke finnes, registreres én gang og kjennes igjen neste gang
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for a vaksinand uten ident born 2021-05-03 named "Liv Berg"
      And a HendelseRequest registering PCV on 2022-05-03 for a vaksinand uten ident born 2021-05-03 named "Liv Berg"
      When the message is sent
      Then SYSVAK accepts the hendelse
      And SYSVAK's table of vaksinander uten ident holds 1 vaksinand

    Scenario: Et gyldig fødselsnummer som ikke finnes i FolkeregisterFHI, aksepteres
      Given a HendelseRequest registering MMR on 2022-05-03 for 14822250085
      When the message is sent
      Then SYSVAK accepts the hendelse
      And the HendelseResponse returns no VaksinandIdent
      And SYSVAK's table of vaksinander uten ident holds 1 vaksinand

    Scenario: SYSVAK påfører fødselsnummeret i ettertid når vaksinanden kommer inn i FolkeregisterFHI
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for a vaksinand uten ident born 2022-02-14 named "Sofie Lund"
      And FolkeregisterFHI now holds 14822250085 named "Sofie Lund"
      When SYSVAK re-identifies its vaksinander uten ident
      Then a search for 14822250085 shows the hendelse MMR on 2022-05-03 with HendelseAksjon "ny"

    Scenario: Bostedsområde for en vaksinand uten ident valideres ikke mot kommunelisten
      Given a HendelseRequest registering MMR on 2022-05-03 for a vaksinand uten ident born 2021-05-03 named "Liv Berg" living in kommune 9999
      When the message is sent
      Then SYSVAK accepts the hendelse

  @req:SYSVAK-3.7.1-HNR
  Rule: H-nummer godtas ikke som offisiell personidentifikasjon (8327) og returneres aldri for den, men godtas under type personidentifikasjon (9032)

    Scenario: SYSVAK avviser et H-nummer som offisiell personidentifikasjon
      Given a HendelseRequest registering MMR on 2022-05-03 for the H-nummer 14422250183 under offisiell personidentifikasjon (8327)
      When the message is sent
      Then SYSVAK refuses the message

    Scenario: SYSVAK tar imot et H-nummer under type personidentifikasjon og returnerer det aldri som offisiell ident
      Given a HendelseRequest registering MMR on 2022-05-03 for the H-nummer 14422250183 under type personidentifikasjon (9032)
      When the message is sent
      Then SYSVAK accepts the hendelse
      And the HendelseResponse returns no H-nummer as offisiell personidentifikasjon

    Scenario: Hvert genererte H-nummer avvises som offisiell personidentifikasjon og godtas under type personidentifikasjon
      Then every generated H-nummer is refused under 8327 and accepted under 9032

    @own-material
    Scenario: konform melder et H-nummer som offisiell personidentifikasjon
      Given a HendelseRequest registering MMR on 2022-05-03 for the H-nummer 14422250183 under offisiell personidentifikasjon (8327)
      And it is wrapped in a MsgHead
      When konform judges the message
      Then konform reports an error under the rule naming "8327"

  @req:SYSVAK-ID
  Rule: Fødselsnummer og D-nummer følger Skatteetatens regler – 11 sifre, gyldig dato, to kontrollsifre

    Scenario: SYSVAK avviser en hendelse for et fødselsnummer med feil kontrollsiffer
      Given a HendelseRequest registering MMR on 2022-05-03 for 03852150025
      When the message is sent
      Then SYSVAK refuses the message

    Scenario: Hvert genererte fødselsnummer og D-nummer godtas som VaksinandIdent
      Then every generated fødselsnummer and D-nummer is accepted as VaksinandIdent

    Scenario: Hvert genererte fødselsnummer med brutt kontrollsiffer avvises
      Then every generated fødselsnummer with a broken kontrollsiffer is refused as VaksinandIdent

    @own-material
    Scenario: konform melder et D-nummer som sendes som fødselsnummer
      Given a HendelseRequest registering MMR on 2022-05-03 for 54822250079 as "FNR"
      And it is wrapped in a MsgHead
      When konform judges the message
      Then konform reports an error under the rule naming "D-nummer"
