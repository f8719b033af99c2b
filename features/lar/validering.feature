@own-material
Feature: Validering – konform validate lar bedømmer de anmodninger, en leverandørs klient sender
  The same rules the simulator answers with judge a vendor's request files: a whole SOAP
  envelope (its DGWS header judged too) or the bare request element (CONTRACTS.md). These
  scenarios judge konform's own validator on the guide's and konform's own files
  (@own-material): they are no evidence about a target.

  @req:LAR-5-EXAMPLES
  Rule: Guidens eksempler godkendes

    Scenario Outline: konform godkender guidens eksempel <example> uden fejl
      Given the guide's example "<example>"
      When konform validates the LAR request
      Then konform reports no error

      Examples:
        | example          |
        | register-request |
        | update-request   |
        | get-request      |

  @req:LAR-4.1.1-REQUIRED @req:LAR-4.2.1-QUERY
  Rule: Genererede gyldige anmodninger godkendes

    Scenario: konform rapporterer ingen fejl i en genereret gyldig anmodning
      Then konform reports no error in any generated valid LAR request

  @req:LAR-4.1.1-IDENT
  Rule: En anmodning med et identifier, der ikke er et UUID rapporteres under LAR-4.1.1-IDENT

    Scenario: konform finder hver genereret anmodning med et identifier, der ikke er et UUID
      Then konform reports an error under the rule for every generated LAR request that breaks it

  @req:LAR-4.1.1-STATUS
  Rule: En anmodning med en ukendt clinicalStatus rapporteres under LAR-4.1.1-STATUS

    Scenario: konform finder hver genereret anmodning med en ukendt clinicalStatus
      Then konform reports an error under the rule for every generated LAR request that breaks it

  @req:LAR-4.1.1-CRIT
  Rule: En anmodning med en ukendt criticality rapporteres under LAR-4.1.1-CRIT

    Scenario: konform finder hver genereret anmodning med en ukendt criticality
      Then konform reports an error under the rule for every generated LAR request that breaks it

  @req:LAR-4.1.1-REQUIRED
  Rule: En anmodning med et manglende påkrævet felt rapporteres under LAR-4.1.1-REQUIRED

    Scenario: konform finder hver genereret anmodning med et manglende påkrævet felt
      Then konform reports an error under the rule for every generated LAR request that breaks it

  @req:LAR-4.1.1-REACTION
  Rule: En anmodning med en reaktion uden manifestation eller med ugyldig severity rapporteres under LAR-4.1.1-REACTION

    Scenario: konform finder hver genereret anmodning med en reaktion uden manifestation eller med ugyldig severity
      Then konform reports an error under the rule for every generated LAR request that breaks it

  @req:LAR-4.3-CODES
  Rule: En anmodning med et kodesystem uden for tabellen eller et ugyldigt CPR-nummer rapporteres under LAR-4.3-CODES

    Scenario: konform finder hver genereret anmodning med et kodesystem uden for tabellen eller et ugyldigt CPR-nummer
      Then konform reports an error under the rule for every generated LAR request that breaks it

  @req:LAR-4.2.1-QUERY
  Rule: En anmodning med en ufuldstændig forespørgsel rapporteres under LAR-4.2.1-QUERY

    Scenario: konform finder hver genereret anmodning med en ufuldstændig forespørgsel
      Then konform reports an error under the rule for every generated LAR request that breaks it

  @req:LAR-3-DGWS
  Rule: Med en hel SOAP-konvolut bedømmes DGWS-headeren også

    Scenario: konform rapporterer en konvolut uden DGWS-header
      Given a LAR request envelope without DGWS header
      When konform validates the LAR request
      Then konform reports an error under LAR-3-DGWS naming "missing_required_header"

    Scenario: konform rapporterer et ID-kort, der er udløbet på det angivne tidspunkt
      Given a LAR request envelope with a level 4 card valid for 1 hour from now
      When konform validates the LAR request as of 2 hours from now
      Then konform reports an error under LAR-3-DGWS naming "expired_idcard"

    Scenario: konform godkender det samme ID-kort inden for dets gyldighed
      Given a LAR request envelope with a level 4 card valid for 1 hour from now
      When konform validates the LAR request as of 30 minutes from now
      Then konform reports no error

    Scenario: konform rapporterer et ID-kort, hvis AuthenticationLevel er ændret efter signering
      Given a LAR request envelope with a level 4 card whose AuthenticationLevel was changed after signing
      When konform validates the LAR request
      Then konform reports an error under LAR-3-DGWS naming "invalid_signature"

  @req:LAR-4.2-LEVEL
  Rule: GetPatientAllergyList med et ID-kort under niveau 4 rapporteres

    Scenario: konform rapporterer GetPatientAllergyList med et ID-kort af niveau 3
      Given a GetPatientAllergyList envelope with a level 3 card
      When konform validates the LAR request
      Then konform reports an error under LAR-4.2-LEVEL naming "level"

  @req:LAR-4.1-LEVEL
  Rule: RegisterPatientAllergy med et ID-kort under niveau 3 rapporteres

    Scenario: konform rapporterer RegisterPatientAllergy med et ID-kort af niveau 2
      Given a LAR request envelope with a level 2 card valid for 1 hour from now
      When konform validates the LAR request as of 30 minutes from now
      Then konform reports an error under LAR-4.1-LEVEL naming "level"
