@own-material
Feature: Integrationsmöjligheter mot Takecare
  A vendor declares its integration with Takecare (docs/takecare/declaration.example.toml);
  konform judges the declaration against "Anslutningsprocessen – introduktion för nya
  integratörer mot Takecare" (Region Stockholm): the access matrix and what each channel
  may be used for.

  @req:TC-ACCESS
  Rule: Integrationsmöjligheter – access: a declared need the matrix denies is an error
    The matrix's NÄSTAN for 4Now (SQL) means near-realtime: a 5–10 minute delay, and only
    patients in slutenvård or with activity in the last 12 days: asking 4Now for realtime
    data is a need the matrix denies. Reading "Internet: NEJ" as "not reachable from the
    internet" is konform's reading (a warning from `konform validate` unless strict).

    Scenario Outline: <typ> gives realtid <realtid>, skriva <skriva>, läsa <läsa>, internet <internet>
      Given a declaration asking <typ> for realtime data, writing, reading and internet access
      When konform validates the declaration
      Then the access matrix grants realtid <realtid>, skriva <skriva>, läsa <läsa>, internet <internet>

      Examples: Integrationsmöjligheter – access
        | typ          | realtid | skriva | läsa | internet |
        | JUNO         | JA      | JA     | JA   | NEJ      |
        | 4Now         | NÄSTAN  | NEJ    | JA   | NEJ      |
        | RTP          | JA      | JA     | JA   | JA       |
        | XChange      | JA      | JA     | JA   | NEJ      |
        | Intelligence | NEJ     | NEJ    | JA   | NEJ      |

    Scenario: 4Now (SQL) serves near-realtime needs
      Given a declaration reading 4Now for "patient-overview" near-realtime
      When konform validates the declaration
      Then konform finds nothing

  @req:TC-XCHANGE
  Rule: XChange får enbart användas för integrationer som skriver journalanteckningar

    Scenario Outline: XChange used for <syfte> is <utfall>
      Given a declaration writing through XChange for "<syfte>"
      When konform validates the declaration
      Then the declaration is <utfall> under TC-XCHANGE

      Examples:
        | syfte         | utfall   |
        | journal-notes | accepted |
        | lab-results   | refused  |
        | booking       | refused  |

  @req:TC-INTELLIGENCE
  Rule: Informationen i Intelligence får inte användas för att fatta medicinska beslut

    Scenario Outline: Intelligence used for <syfte> is <utfall>
      Given a declaration reading Intelligence for "<syfte>"
      When konform validates the declaration
      Then the declaration is <utfall> under TC-INTELLIGENCE

      Examples:
        | syfte                      | utfall   |
        | statistics                 | accepted |
        | quality-register-reporting | accepted |
        | medical-decisions          | refused  |

    Scenario: Intelligence feeding SPOR's nightly export is warned that its data are two days old
      Given a declaration reading Intelligence for "quality-register-reporting" that feeds SPOR
      When konform validates the declaration
      Then konform warns under TC-INTELLIGENCE that the data are two days old

  @req:TC-NTJP
  Rule: Applikationer som stöder vård åt mer än en region ska gå via NTjP

    Scenario Outline: RTP reached <väg> by a solution for <regioner> region(s) is <utfall>
      Given a declaration for <regioner> region(s) reaching RTP "<väg>"
      When konform validates the declaration
      Then the declaration is <utfall> under TC-NTJP

      Examples:
        | regioner | väg    | utfall   |
        | 1        | direct | accepted |
        | 3        | direct | refused  |
        | 3        | NTjP   | accepted |

  @req:TC-JUNO
  Rule: JUNO rest-api:er ska främst användas vid tvåvägsintegration

    Scenario Outline: A JUNO integration that <gör> is <utfall>
      Given a declaration using JUNO to <gör>
      When konform validates the declaration
      Then the declaration is <utfall> under TC-JUNO

      Examples:
        | gör              | utfall   |
        | read and write   | accepted |
        | only read        | warned   |
