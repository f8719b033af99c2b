Feature: Eksempler – guidens egne eksempler (§5) er kontraktens
  "Eksempler på request of response til de SOAP operationer der udstilles." (§5) The six
  examples are kept as written in features/lar/examples/ (the contract's own). They are
  sent with a real DGWS header in place of their placeholder `<soap:Header>...</soap:Header>`.

  The Update example and its reply open with `<?xml version="1.0">`, which is not
  well-formed XML (erratum): konform reports it and keeps the examples with the declaration
  corrected to `<?xml version="1.0"?>`.

  @req:LAR-5-EXAMPLES @own-material
  Rule: Eksemplernes kroppe følger LAR's skema
    konform judging the guide's files against its own schema: no evidence about a target.

    Scenario Outline: Guidens eksempel <example> følger LAR's skema
      Given the guide's example "<example>"
      Then its body follows LAR's schema

      Examples:
        | example           |
        | register-request  |
        | register-response |
        | update-request    |
        | update-response   |
        | get-request       |
        | get-response      |

    Scenario: konform rapporterer guidens misdannede XML-erklæring i stedet for at kopiere den
      Given the guide's Update example as printed
      When konform validates the LAR request
      Then konform calls the file unusable, naming the XML declaration

  @req:LAR-5-EXAMPLES @sim-only
  Rule: Eksemplerne, sendt som skrevet med en frisk DGWS-header, lykkes
    The examples' identifiers and patients are fixed, so they need a simulator that has
    been reset (the Update example needs its allergy 55f27e41-… registered first, version 1).

    Scenario: LAR registrerer Register-eksemplet sendt som skrevet
      When the guide's example "register-request" is sent as written with a level 4 card
      Then LAR answers Success

    Scenario: LAR opdaterer Update-eksemplets allergi, når den findes i version 1
      Given LAR holds the Update example's allergy at version 1
      When the guide's example "update-request" is sent as written with a level 4 card
      Then LAR answers Success
      And the reply follows LAR's schema

    Scenario: LAR lister Register-eksemplets allergi for Get-eksemplet
      Given the guide's example "register-request" has been sent as written
      When the guide's example "get-request" is sent as written with a level 4 card
      Then LAR answers Success
      And the reply lists the allergy 494de20b-32ec-4955-8886-5514bd063c25 at version 1
