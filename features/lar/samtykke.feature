Feature: Samtykke og tekniske fejl – GetPatientAllergyList svarer med en af ni statuskoder
  "statusCode – Kan være en af følgende: Success, NotValidData, ProblemCallingCave,
  MsbTechnicalError, TreatmentRelationTechhnicalError, SamtykkeTechnicalError,
  MinLogTechnicalError, SuccessButDataSpecificConsent, NegativeConsent" (§4.2.2, "Techhnical"
  sic). "consentOverride – Indikation af om der skal foretages værdispring." (§4.2.1)

  The guide lists the nine codes and says consentOverride asks for a værdispring; it does
  not say when each code is answered, nor what LAR logs. Every expectation below is
  therefore konform's reading (konform/lar/readings.py: consent, minlog, outages), a warning
  unless readings are strict: a patient with negative consent and consentOverride=false gets
  NegativeConsent and no allergies; consentOverride=true (værdispring) gets Success with the
  allergies and is logged in MinLog; data-specific consent withholding part of the data gets
  SuccessButDataSpecificConsent with the rest. The consent facts and the outages of CAVE,
  MSB, BRS, the consent service and MinLog are arranged through the simulator's control API,
  so that a vendor can see how its client handles each status code.

  Background:
    Given LAR holds an allergy of patient 1601010020

  @req:LAR-4.2.2-CONSENT @sim-only
  Rule: Negativt samtykke skjuler allergierne, medmindre der foretages værdispring

    Scenario: LAR svarer NegativeConsent og ingen allergier for en patient med negativt samtykke
      Given patient 1601010020 has given negative consent
      When the allergies of patient 1601010020 are read
      Then LAR answers NegativeConsent (konform's reading: consent)
      And LAR lists no allergies (konform's reading: consent)

    Scenario: LAR svarer Success med allergierne ved værdispring og logger adgangen
      Given patient 1601010020 has given negative consent
      When the allergies of patient 1601010020 are read with consentOverride
      Then LAR answers Success (konform's reading: consent)
      And LAR lists 1 allergy (konform's reading: consent)
      And MinLog records the access to patient 1601010020 as a værdispring over "negative" consent (konform's reading: minlog)

    Scenario: LAR logger også en almindelig læsning i MinLog
      When the allergies of patient 1601010020 are read
      Then LAR answers Success
      And MinLog records the access to patient 1601010020 without værdispring (konform's reading: minlog)

  @req:LAR-4.2.2-CONSENT @sim-only
  Rule: Dataspecifikt samtykke tilbageholder en del af data

    Scenario: LAR svarer SuccessButDataSpecificConsent med resten af allergierne
      Given LAR holds another allergy of patient 1601010020 that is now "active"
      And patient 1601010020 has withheld the first allergy by data-specific consent
      When the allergies of patient 1601010020 are read
      Then LAR answers SuccessButDataSpecificConsent (konform's reading: consent)
      And LAR lists the allergies except the withheld one (konform's reading: consent)

    Scenario: LAR svarer Success med alle allergier ved værdispring over dataspecifikt samtykke
      Given LAR holds another allergy of patient 1601010020 that is now "active"
      And patient 1601010020 has withheld the first allergy by data-specific consent
      When the allergies of patient 1601010020 are read with consentOverride
      Then LAR answers Success (konform's reading: consent)
      And LAR lists 2 allergies (konform's reading: consent)
      And MinLog records the access to patient 1601010020 as a værdispring over "data-specific" consent (konform's reading: minlog)

  @req:LAR-4.2.2-CONSENT @sim-only
  Rule: Hver baggrundstjenestes tekniske fejl har sin statuskode, og ingen data udleveres

    Scenario Outline: LAR svarer <status>, når <backend> ikke svarer
      Given <backend> does not answer
      When the allergies of patient 1601010020 are read
      Then LAR answers <status> (konform's reading: outages)
      And LAR lists no allergies (konform's reading: outages)

      Examples:
        | backend  | status                           |
        | CAVE     | ProblemCallingCave               |
        | MSB      | MsbTechnicalError                |
        | BRS      | TreatmentRelationTechhnicalError |
        | samtykke | SamtykkeTechnicalError           |
        | MinLog   | MinLogTechnicalError             |
