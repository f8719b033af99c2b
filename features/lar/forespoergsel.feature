Feature: Forespørgsel – GetPatientAllergyList læser en patients allergier
  "includeHistory – Indikation af, om der ønskes historik med i søgeresultatet. Default er
  nej. Hvis Nej, returneres kun allergier med clinical status active. Hvis Ja, returneres
  alle allegier uafhængigt af clinical status. Og for hver allergi, returneres alle
  versioner, dvs alle rettelser foretaget til allergien." (§4.2.1)

  @req:LAR-4.2.1-QUERY
  Rule: patient, requesterOrganization (shak, sor eller ydernummer) og consentOverride er påkrævet

    Scenario: LAR besvarer en forespørgsel uden includeHistory som uden historik
      Given LAR holds an allergy of patient 1601010020
      And the allergy has been updated to clinicalStatus "active"
      When the allergies of patient 1601010020 are read
      Then LAR answers Success
      And LAR lists only the active allergies, each at its newest version

    Scenario Outline: LAR svarer NotValidData på en forespørgsel <defect>
      When the allergies of patient 1601010020 are read <defect>
      Then LAR answers NotValidData naming "<field>"

      Examples:
        | defect                                   | field                 |
        | without consentOverride                  | consentOverride       |
        | without requesterOrganization            | requesterOrganization |
        | with requesterOrganization type "cvr"    | requesterOrganization |

    Scenario: LAR svarer NotValidData for hver genereret forespørgsel, der bryder reglen
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

  @req:LAR-4.2.1-HISTORY
  Rule: Uden historik kun aktive allergier i nyeste version; med historik alle versioner af alle

    Background:
      Given LAR holds an allergy of patient 1601010020
      And the allergy has been updated to clinicalStatus "active"
      And LAR holds another allergy of patient 1601010020 that is now "resolved"
      And LAR holds another allergy of patient 1601010020 that is now "inactive"

    Scenario: LAR lister kun den aktive allergi i nyeste version uden historik
      When the allergies of patient 1601010020 are read without history
      Then LAR lists only the active allergies, each at its newest version

    Scenario: LAR lister alle versioner af alle allergier med historik
      When the allergies of patient 1601010020 are read with history
      Then LAR lists every version of every allergy of the patient
