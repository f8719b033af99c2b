@own-material
Feature: Anslutningsprocessen för nya integratörer mot Takecare
  Onboarding runs in stages: beslut i objektledning, säkerhetsrevision, verifieringsmiljön,
  instruktion från PUA, driftsättning. A declaration says which stage it has reached and
  which documents it holds; konform checks that every earlier stage left its evidence.
  That order of evidence is konform's reading of the document (the catalogue's "interp."):
  `konform validate takecare` reports it as a warning unless `--readings strict`.
  Every scenario here judges konform's own rules on declarations konform writes
  (@own-material): none is evidence about a vendor's integration.

  @req:TC-PROCESS
  Rule: A stage claimed without the evidence of every earlier stage is an error

    Scenario Outline: Claiming <steg> with the evidence of <underlag> is <utfall>
      Given a declaration claiming stage "<steg>" holding the evidence up to "<underlag>"
      When konform validates the declaration
      Then the declaration is <utfall> under TC-PROCESS

      Examples:
        | steg              | underlag          | utfall   |
        | object-management | none              | accepted |
        | security-review   | object-management | accepted |
        | verification      | object-management | refused  |
        | verification      | security-review   | accepted |
        | pua               | security-review   | refused  |
        | pua               | verification      | accepted |
        | production        | pua               | accepted |
        | production        | verification      | refused  |

    Scenario: An integration using RTP needs its signed RTP agreement before PUA
      Given a declaration using RTP claiming stage "pua" with every earlier document but the RTP agreement
      When konform validates the declaration
      Then the declaration is refused under TC-PROCESS

    Scenario: A compliance review made during the security review must be handed in
      Given a declaration claiming stage "verification" after a compliance review without its documents
      When konform validates the declaration
      Then the declaration is refused under TC-PROCESS

  @req:TC-EVIDENCE
  Rule: The test results from the verification environment may be in any format

    Scenario: The example declaration in docs passes every rule
      Given the example declaration in docs
      When konform validates the declaration
      Then konform finds nothing

    Scenario: A certification run leaves an evidence pack the vendor can submit as its test results
      Given a finished certification run against target "sim" with one passed SPOR scenario
      When konform writes the evidence pack for SPOR
      Then the pack holds the Allure report, JUnit XML, the coverage matrix and a one-page summary
      And the summary names the target, the date, konform's and SPOR's interface versions and each verdict
