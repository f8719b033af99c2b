@sim-only
Feature: Søk etter vaksinander og hendelser
  "Søk etter vaksiner utføres først i FolkeregisterFHI, deretter hentes hendelsene for
  vaksineren i SYSVAK. Det benyttes "AND" operator mellom alle kriterier som er oppgitt."
  (Dok 31 §5.2). "SYSVAK [kan] kun utlevere vaksinasjonsstatus hvis søket er entydig, nærmere
  sagt når søket gir treff på kun en person." (§5.1.2)

  The Behandlingsresultat names the case with konform's codes INGEN_TREFF, ETT_TREFF,
  FLERE_TREFF and BEGRENSET (SYSVAK's own validation codes are published separately, §3.3).

  Background:
    Given FolkeregisterFHI holds
      | fødselsnummer | fornavn | etternavn | adresse     | postnummer | kommune | status | adressetype                        |
      | 03852150024   | Emil    | Hansen    | Storgata 1  | 0182       | 0301    | bosatt | Bostedsadresse                     |
      | 03852153767   | Emma    | Hansen    | Storgata 1  | 0182       | 0301    | bosatt | Bostedsadresse                     |
      | 03852162189   | Nora    | Hansen    | Bryggen 2   | 5003       | 4601    | bosatt | Bostedsadresse                     |
      | 14822250085   | Sofie   | Lund      | Skjult 1    | 0550       | 0301    | bosatt | Sperret adresse, strengt fortrolig |
      | 02832055061   | Aksel   | Moe       | Elveveien 5 | 5260       | 4601    | bosatt | Sperret adresse, fortrolig         |
      | 08812350596   | Ella    | Berg      | Torget 4    | 0150       | 0301    | bosatt | Klientadresse                      |
      | 30891951074   | Jonas   | Dahl      | Kirkegata 3 | 7010       | 5001    | død    | Bostedsadresse                     |

  @req:SYSVAK-5.1.2-DISCLOSE
  Rule: Null treff gir ingen personer, flere treff personer uten vaksinasjonsstatus, ett treff vaksinasjonsstatus; aldri adressen ved sperret adresse

    Scenario: Et søk med null treff returnerer ingen personer
      When SYSVAK is searched for etternavn "Olsen"
      Then the answer holds no person
      And the Behandlingsresultat says "INGEN_TREFF"

    Scenario: Ett treff gir vaksinasjonsstatus
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for 03852150024
      When SYSVAK is searched for fødselsnummer 03852150024
      Then the answer holds 03852150024 with 1 hendelse
      And the Behandlingsresultat says "ETT_TREFF"

    Scenario: Ett treff uten hendelser betyr at ingen hendelser er registrert
      When SYSVAK is searched for fødselsnummer 03852153767
      Then the answer holds 03852153767 with 0 hendelser

    Scenario: Flere treff gir personene uten vaksinasjonsstatus
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for 03852150024
      And SYSVAK holds a vaksinasjon MMR on 2022-05-03 for 03852153767
      When SYSVAK is searched for etternavn "Hansen"
      Then the answer holds 3 persons without vaksinasjonsstatus
      And the Behandlingsresultat says "FLERE_TREFF"

    Scenario: Ved flere treff enn grensen returneres bare de første personene
      Given SYSVAK returns at most 2 persons for a search
      When SYSVAK is searched for etternavn "Hansen"
      Then the answer holds 2 persons without vaksinasjonsstatus
      And the Behandlingsresultat says "BEGRENSET"

    Scenario Outline: SYSVAK returnerer ikke adressen til en person med "<adressetype>"
      When SYSVAK is searched for fødselsnummer <nummer>
      Then the answer holds <nummer> without address

      Examples:
        | nummer      | adressetype                        |
        | 14822250085 | Sperret adresse, strengt fortrolig |
        | 02832055061 | Sperret adresse, fortrolig         |
        | 08812350596 | Klientadresse                      |

    Scenario: En person med vanlig bostedsadresse returneres med adressen
      When SYSVAK is searched for fødselsnummer 03852150024
      Then the answer holds 03852150024 with address "Storgata 1"

  @req:SYSVAK-5.1-DEAD
  Rule: Personer med status død returneres ikke ved søk

    Scenario: En person med status død returneres ikke, heller ikke på fødselsnummeret
      When SYSVAK is searched for fødselsnummer 30891951074
      Then the answer holds no person

    Scenario: En person med status død telles ikke med blant treffene
      When SYSVAK is searched for kommune 5001
      Then the answer holds no person

  @req:SYSVAK-5.1.1-NOID
  Rule: Vaksinander uten fødselsnummer/D-nummer i FolkeregisterFHI returneres aldri ved søk

    Scenario: En vaksinand i tabellen over vaksinander uten ident returneres ikke
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for 19871856020
      When SYSVAK is searched for fødselsnummer 19871856020
      Then the answer holds no person

  @req:SYSVAK-5.2-AND
  Rule: Alle søkekriterier må treffe; motstridende kriterier gir ingen treff og verken feil eller advarsel

    Scenario: Etternavn og kommune må begge treffe
      When SYSVAK is searched for etternavn "Hansen" and kommune 0301
      Then the answer holds the persons 03852150024 and 03852153767

    Scenario: Et postnummer utenfor kommunen gir ingen treff og ingen feil eller advarsel
      When SYSVAK is searched for postnummer 5003 and kommune 0301
      Then the answer holds no person
      And the Behandlingsresultat has no Valideringsmelding of type "feil" or "advarsel"

  @req:SYSVAK-5-DELETED
  Rule: Slettede hendelser returneres også ved søk, med HendelseAksjon "slettet"

    Scenario: En slettet vaksinasjon returneres med HendelseAksjon "slettet"
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for 03852150024
      And the hendelse MMR on 2022-05-03 for 03852150024 has been deleted
      When SYSVAK is searched for fødselsnummer 03852150024
      Then the answer shows the hendelse MMR on 2022-05-03 with HendelseAksjon "slettet"

    Scenario: En vaksinasjon en annen helseenhet har slettet, vises for den som søker
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for 03852150024
      And the hendelse MMR on 2022-05-03 for 03852150024 has been deleted by the health unit 974589095 of type "ENH"
      When SYSVAK is searched for fødselsnummer 03852150024
      Then the answer shows the hendelse MMR on 2022-05-03 with HendelseAksjon "slettet"

  @req:SYSVAK-3.4-FREG
  Rule: Persondata hentes fra FolkeregisterFHI ved nøkkel – et søk gir alltid de nyeste persondataene

    Scenario: Et barn som har flyttet etter vaksinasjonen, vises med den nye adressen
      Given SYSVAK holds a vaksinasjon MMR on 2022-05-03 for 03852150024
      And 03852150024 has since moved to "Fjellveien 7", 5003 in kommune 4601
      When SYSVAK is searched for fødselsnummer 03852150024
      Then the answer holds 03852150024 with address "Fjellveien 7"
