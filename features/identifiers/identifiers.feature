Feature: Identifiers the registries share
  SPOR, SYSVAK, LAR and BRS identify persons, organisations and codes with numbers whose
  rules belong to Skatteverket, Skatteetaten, Inera and the CPR office. konform judges
  them once, the way the source documents describe them. Every number below comes from
  Skatteverket's published test lists or is synthetic (Skatteetaten's month + 80, NAV's
  month + 40); none belongs to a real person.

  @req:SPOR-7.1-PNR
  Rule: Personnummer och samordningsnummer anges med 12 siffror och valideras mot Skatteverkets regler

    Scenario Outline: Ett giltigt <slag> med 12 siffror godtas
      Given the personnummer or samordningsnummer "<nummer>"
      When konform validates it
      Then it is accepted

      Examples: Skatteverkets testpersonnummer och testsamordningsnummer
        | slag                                  | nummer       |
        | personnummer                          | 189001019802 |
        | personnummer                          | 201001012382 |
        | samordningsnummer (dag + 60)          | 191401682396 |
        | samordningsnummer med okänd månad, 00 | 191500722390 |
        | samordningsnummer med okänd dag, 60   | 191711602399 |

    Scenario Outline: Ett nummer som bryter mot Skatteverkets regler avvisas: <fel>
      Given the personnummer or samordningsnummer "<nummer>"
      When konform validates it
      Then it is refused for <fel>

      Examples:
        | nummer        | fel                |
        | 189001019803  | fel kontrollsiffra |
        | 1890010198    | fel längd          |
        | 18900101-9802 | annat än siffror   |
        | 192004912388  | en dag som saknas  |

    Scenario: Varje genererat personnummer godtas och varje med bruten kontrollsiffra eller omöjligt datum avvisas
      Given numbers generated as personnummer
      Then every generated number is accepted
      And every generated number with a broken kontrollsiffra is refused
      And every generated number with a date that does not exist is refused

    Scenario: Varje genererat samordningsnummer godtas och varje med bruten kontrollsiffra eller fel dagtillägg avvisas
      Given numbers generated as samordningsnummer
      Then every generated number is accepted
      And every generated number with a broken kontrollsiffra is refused
      And every generated number with a day offset other than 60 is refused

  @req:SPOR-7.1-HSA
  Rule: HSA-id följer mönstret \w\w\d+\-.*, "dvs. två bokstäver följt av siffror och ett minustecken följt av något", och har högst 64 tecken

    Scenario Outline: Ett HSA-id som följer mönstret godtas: <hsaid>
      Given the HSA-ID "<hsaid>"
      When konform validates it
      Then it is accepted

      Examples:
        | hsaid                     |
        | SE0000000000-TEST1        |
        | SE0000000000-E00000000001 |
        | ab1-                      |

    Scenario Outline: Ett HSA-id som inte följer mönstret avvisas: <hsaid>
      Given the HSA-ID "<hsaid>"
      When konform validates it
      Then it is refused for <fel>

      Examples:
        | hsaid             | fel         |
        | SE0000000000TEST1 | fel mönster |
        | SE-TEST1          | fel mönster |
        | 1234-X            | fel mönster |
        | __1-x             | fel mönster |

    Scenario Outline: Ett HSA-id med <längd> tecken <utfall>
      Given an HSA-ID of <längd> characters
      When konform validates it
      Then it is <utfall>

      Examples:
        | längd | utfall                       |
        | 64    | accepted                     |
        | 65    | refused for för många tecken |

    Scenario: Varje genererat HSA-id godtas och varje för långt eller utan mönster avvisas
      Given numbers generated as HSA-ID
      Then every generated number is accepted
      And every generated number with more than 64 characters is refused
      And every generated number with a broken pattern is refused

  @req:SYSVAK-ID
  Rule: Fødselsnummer har 11 siffer, gyldig dato og to kontrollsifre; D-nummer har første siffer + 4, H-nummer tredje siffer + 4

    Scenario Outline: Et gyldig <slag> godtas
      Given the fødselsnummer "<nummer>"
      When konform validates it
      Then it is accepted

      Examples:
        | slag                                            | nummer      |
        | syntetisk fødselsnummer (Tenor, måned + 80)     | 17912099997 |
        | syntetisk D-nummer (Tenor)                      | 57912075186 |
        | NAV-syntetisk nummer (måned + 40, som H-nummer) | 15507600333 |
        | nummer etter 2032-regelen (K1 med rest 2)       | 17912099660 |

    Scenario Outline: Et nummer som bryter reglene avvises: <fel>
      Given the fødselsnummer "<nummer>"
      When konform validates it
      Then it is refused for <fel>

      Examples:
        | nummer      | fel                     |
        | 17912099998 | feil kontrollsiffer     |
        | 17912099849 | feil kontrollsiffer     |
        | 1791209999  | feil lengde             |
        | 31842099946 | en dato som ikke finnes |

    Scenario: H-nummer godtas ikke som offisiell personidentifikasjon
      Given the fødselsnummer "15507600333"
      And the field is the offisiell personidentifikasjon, where H-nummer are not allowed
      When konform validates it
      Then it is refused for H-nummer

    Scenario: Hvert generert fødselsnummer godtas, og hvert med brutt kontrollsiffer eller umulig dato avvises
      Given numbers generated as fødselsnummer
      Then every generated number is accepted
      And every generated number with a broken kontrollsiffer is refused
      And every generated number with a date that does not exist is refused

    Scenario Outline: Hvert generert <slag> godtas
      Given numbers generated as <slag>
      Then every generated number is accepted

      Examples:
        | slag                             |
        | D-nummer                         |
        | H-nummer                         |
        | syntetisk fødselsnummer          |
        | fødselsnummer etter 2032-regelen |
