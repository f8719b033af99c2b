Feature: Sikringsniveau – hver operation kræver et ID-kort af et mindste niveau
  "RegisterPatientAllergy og UpdatePatientAllergy – Denne operation kræver minimum et id kort
  niveau 3." (§4.1) "GetPatientAllergyList – Denne operation kræver minimum et id kort niveau
  4." (§4.2) A card below the level is refused with the DGWS fault security_level_failed.

  @req:LAR-4.1-LEVEL
  Rule: Registrering og opdatering kræver mindst niveau 3

    Scenario: LAR registrerer en allergi for et ID-kort af niveau 3
      Given an allergy of patient 1601010020
      When the allergy is registered with a level 3 card
      Then LAR answers Success

    Scenario: LAR afviser en registrering med et ID-kort af niveau 2
      Given an allergy of patient 1601010020
      When the allergy is registered with a level 2 card
      Then LAR answers a SOAP fault with FaultCode "security_level_failed"
      And the faulted request stored nothing

    Scenario: LAR afviser en opdatering med et ID-kort af niveau 2
      Given LAR holds an allergy of patient 1601010020
      When the allergy is updated with a level 2 card
      Then LAR answers a SOAP fault with FaultCode "security_level_failed"
      And the faulted request stored nothing

  @req:LAR-4.2-LEVEL
  Rule: Læsning kræver niveau 4

    Scenario: LAR besvarer GetPatientAllergyList for et ID-kort af niveau 4
      Given LAR holds an allergy of patient 1601010020
      When the allergies of patient 1601010020 are read with a level 4 card
      Then LAR answers Success

    Scenario: LAR afviser GetPatientAllergyList med et ID-kort af niveau 3
      Given LAR holds an allergy of patient 1601010020
      When the allergies of patient 1601010020 are read with a level 3 card
      Then LAR answers a SOAP fault with FaultCode "security_level_failed"
