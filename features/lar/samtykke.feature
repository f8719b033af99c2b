Feature: Samtykke og tekniske fejl – GetPatientAllergyList svarer med en af ni statuskoder
  "statusCode – Kan være en af følgende: Success, NotValidData, ProblemCallingCave,
  MsbTechnicalError, TreatmentRelationTechhnicalError, SamtykkeTechnicalError,
  MinLogTechnicalError, SuccessButDataSpecificConsent, NegativeConsent" (§4.2.2, "Techhnical"
  sic). "consentOverride – Indikation af om der skal foretages værdispring." (§4.2.1)

  Reading fixed by the catalogue (interp.): a patient with negative consent and
  consentOverride=false gets NegativeConsent and no allergies; consentOverride=true
  (værdispring) gets Success with the allergies, and the access is logged; data-specific
  consent withholding part of the data gets SuccessButDataSpecificConsent with the rest.
  The consent facts and the outages of CAVE, MSB, BRS, the consent service and MinLog are
  arranged through the simulator's control API, so that a vendor can see how its client
  handles each status code.

  Background:
    Given LAR holds an allergy of patient 1601010020

  @req:LAR-4.2.2-CONSENT @sim-only
  Rule: Negativt samtykke skjuler allergierne, medmindre der foretages værdispring

    Scenario: LAR svarer NegativeConsent og ingen allergier for en patient med negativt samtykke
      Given patient 1601010020 has given negative consent
      When the allergies of patient 1601010020 are read
      Then LAR answers NegativeConsent
      And LAR lists no allergies

    Scenario: LAR svarer Success med allergierne ved værdispring og logger adgangen
      Given patient 1601010020 has given negative consent
      When the allergies of patient 1601010020 are read with consentOverride
      Then LAR answers Success
      And LAR lists 1 allergy
      And MinLog records the access to patient 1601010020 as a værdispring over "negative" consent

    Scenario: LAR logger også en almindelig læsning i MinLog
      When the allergies of patient 1601010020 are read
      Then LAR answers Success
      And MinLog records the access to patient 1601010020 without værdispring

  @req:LAR-4.2.2-CONSENT @sim-only
  Rule: Dataspecifikt samtykke tilbageholder en del af data

    Scenario: LAR svarer SuccessButDataSpecificConsent med resten af allergierne
      Given LAR holds another allergy of patient 1601010020 that is now "active"
      And patient 1601010020 has withheld the first allergy by data-specific consent
      When the allergies of patient 1601010020 are read
      Then LAR answers SuccessButDataSpecificConsent
      And LAR lists the allergies except the withheld one

    Scenario: LAR svarer Success med alle allergier ved værdispring over dataspecifikt samtykke
      Given LAR holds another allergy of patient 1601010020 that is now "active"
      And patient 1601010020 has withheld the first allergy by data-specific consent
      When the allergies of patient 1601010020 are read with consentOverride
      Then LAR answers Success
      And LAR lists 2 allergies
      And MinLog records the access to patient 1601010020 as a værdispring over "data-specific" consent

  @req:LAR-4.2.2-CONSENT @sim-only
  Rule: Hver baggrundstjenestes tekniske fejl har sin statuskode, og ingen data udleveres

    Scenario Outline: LAR svarer <status>, når <backend> ikke svarer
      Given <backend> does not answer
      When the allergies of patient 1601010020 are read
      Then LAR answers <status>
      And LAR lists no allergies

      Examples:
        | backend  | status                           |
        | CAVE     | ProblemCallingCave               |
        | MSB      | MsbTechnicalError                |
        | BRS      | TreatmentRelationTechhnicalError |
        | samtykke | SamtykkeTechnicalError           |
        | MinLog   | MinLogTechnicalError             |
